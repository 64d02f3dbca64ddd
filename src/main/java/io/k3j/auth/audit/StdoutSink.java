package io.k3j.auth.audit;

import java.io.PrintStream;

/** audit-log-path "-": events on standard output (k3j's own logs go to stderr, so they do not mix). */
final class StdoutSink implements AuditBackend.Sink {

    private final PrintStream out = System.out;

    @Override
    public void open() {
    }

    @Override
    public void write(byte[] line) {
        out.write(line, 0, line.length);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
