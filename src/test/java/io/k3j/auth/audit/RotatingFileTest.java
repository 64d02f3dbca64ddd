package io.k3j.auth.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingFileTest {

    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-11-28T13:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static byte[] line(int bytes) {
        byte[] b = new byte[bytes];
        Arrays.fill(b, (byte) 'x');
        b[bytes - 1] = '\n';
        return b;
    }

    private String[] names() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void rotatesBySizeWithLumberjackNamesAndKeepsMaxBackups() throws Exception {
        StepClock clock = new StepClock();
        RotatingFile f = new RotatingFile(dir.resolve("audit.log"), 1, 2, 0, clock);
        f.open();
        int half = 600 * 1024;
        f.write(line(half));
        f.write(line(half)); // would pass 1 MiB: rotates first
        assertThat(names()).containsExactly("audit-2026-11-28T13-00-00.000.log", "audit.log");
        clock.now = clock.now.plusMillis(1500);
        f.write(line(half));
        clock.now = clock.now.plusSeconds(60);
        f.write(line(half));
        f.close();
        // Three rotations happened; only the newest two backups remain.
        assertThat(names()).containsExactly("audit-2026-11-28T13-00-01.500.log", "audit-2026-11-28T13-01-01.500.log", "audit.log");
        assertThat(Files.size(dir.resolve("audit.log"))).isEqualTo(half);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit.log")))).isEqualTo("rw-------");
    }

    @Test
    void removesBackupsOlderThanMaxAgeAndLeavesOtherFiles() throws Exception {
        StepClock clock = new StepClock();
        Files.writeString(dir.resolve("audit-2026-11-20T00-00-00.000.log"), "old\n");
        Files.writeString(dir.resolve("audit-2026-11-27T20-00-00.000.log"), "recent\n");
        Files.writeString(dir.resolve("audit-notes.log"), "not a backup\n");
        RotatingFile f = new RotatingFile(dir.resolve("audit.log"), 1, 0, 2, clock);
        f.open();
        f.write(line(700 * 1024));
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        f.write(line(700 * 1024));
        f.close();
        assertThat(names()).containsExactly("audit-2026-11-27T20-00-00.000.log", "audit-2026-11-28T13-01-00.000.log",
                "audit-notes.log", "audit.log");
    }

    @Test
    void appendsToAnExistingLog() throws Exception {
        Files.writeString(dir.resolve("audit.log"), "earlier\n");
        RotatingFile f = new RotatingFile(dir.resolve("audit.log"), 0, 0, 0, Clock.systemUTC());
        f.open();
        f.write("later\n".getBytes());
        f.close();
        assertThat(Files.readString(dir.resolve("audit.log"))).isEqualTo("earlier\nlater\n");
    }
}
