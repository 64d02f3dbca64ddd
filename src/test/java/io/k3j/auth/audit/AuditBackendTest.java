package io.k3j.auth.audit;

import io.k3j.auth.UserInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AuditBackendTest {

    private static AuditEntry entry(int n) {
        AuditRequest r = new AuditRequest(UserInfo.anonymous(), "get", false, "", "", "", "", "", "", "/healthz");
        return new AuditEntry("id-" + n, AuditStage.RESPONSE_COMPLETE, new AuditPolicy.Decision(AuditLevel.METADATA, Set.of(), false),
                r, "/healthz", List.of("127.0.0.1"), null, 200, null, null, null, null, Instant.EPOCH, Instant.EPOCH, Map.of());
    }

    /** A sink whose writes wait until the test releases them: a disk that has stalled. */
    private static final class StalledSink implements AuditBackend.Sink {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void open() {
        }

        @Override
        public void write(byte[] line) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(new String(line));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aStalledDiskNeverBlocksTheCallerAndDropsAreCounted() throws Exception {
        StalledSink sink = new StalledSink();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AuditBackend backend = new AuditBackend(sink, 10, registry);
        backend.start();
        long t0 = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            accepted += backend.offer(entry(i)) ? 1 : 0;
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
        // The queue holds 10, the writer has taken at most one more: the rest were dropped, not waited for.
        assertThat(accepted).isBetween(10, 11);
        assertThat(backend.dropped()).isEqualTo(100 - accepted);
        assertThat(registry.get("apiserver.audit.error").tag("plugin", "log").counter().count()).isEqualTo(100 - accepted);
        assertThat(registry.get("apiserver.audit.event").counter().count()).isEqualTo(100);
        sink.release.countDown();
        backend.close(); // drains what was accepted
        assertThat(sink.lines).hasSize(accepted);
        assertThat(sink.lines.get(0)).startsWith("{\"kind\":\"Event\"").endsWith("}\n").contains("\"auditID\":\"id-0\"");
    }
}
