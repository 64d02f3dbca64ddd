package io.k3j.auth.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes audit events as JSON lines without ever blocking the caller: events go into a bounded queue that one
 * writer thread drains (serialising, writing, flushing when the queue runs dry). When the queue is full the
 * event is dropped and counted in {@code apiserver_audit_error_total{plugin="log"}}, as upstream's batching
 * backend does, rather than slowing requests down.
 */
public final class AuditBackend implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditBackend.class.getName());
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** kube-apiserver's audit-log-batch-buffer-size default. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /** Where lines go: a rotating file, or stdout for audit-log-path "-". */
    public interface Sink extends AutoCloseable {
        void open() throws IOException;

        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        @Override
        void close() throws IOException;
    }

    private static final AuditEntry STOP = new AuditEntry(null, null, null, null, null, null, null, 0, null, null, null,
            null, null, null, null);

    private final Sink sink;
    private final BlockingQueue<AuditEntry> queue;
    private final Counter events;
    private final Counter errors;
    private Thread writer;

    public AuditBackend(Sink sink, int capacity, MeterRegistry registry) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.events = Counter.builder("apiserver.audit.event").description("Counter of audit events generated and sent to the audit backend.")
                .register(registry);
        this.errors = Counter.builder("apiserver.audit.error").description("Counter of audit events that failed to be audited properly.")
                .tag("plugin", "log").register(registry);
    }

    /** Opens the sink and starts the writer thread. Blocking. */
    public void start() throws IOException {
        sink.open();
        writer = Thread.ofPlatform().daemon().name("k3j-audit-writer").start(this::drain);
    }

    /** Never blocks: false (and counted) when the queue is full. */
    public boolean offer(AuditEntry e) {
        events.increment();
        if (queue.offer(e)) {
            return true;
        }
        errors.increment();
        return false;
    }

    public double dropped() {
        return errors.count();
    }

    private void drain() {
        while (true) {
            AuditEntry e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                return;
            }
            if (e == STOP) {
                flush();
                return;
            }
            try {
                sink.write(line(e));
            } catch (IOException | RuntimeException ex) {
                errors.increment();
                LOG.log(Level.WARNING, "cannot write an audit event", new Object[]{"error", String.valueOf(ex.getMessage())});
            }
            if (queue.isEmpty()) {
                flush();
            }
        }
    }

    private static byte[] line(AuditEntry e) throws IOException {
        byte[] json = JSON.writeValueAsBytes(AuditEvents.toJson(e));
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    private void flush() {
        try {
            sink.flush();
        } catch (IOException ex) {
            LOG.log(Level.WARNING, "cannot flush the audit log", new Object[]{"error", ex.getMessage()});
        }
    }

    /** Writes what is queued, then stops the writer and closes the sink. Blocking. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            try {
                queue.put(STOP);
                writer.join(TimeUnit.SECONDS.toMillis(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
    }
}
