package io.k3j.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared fixtures: a fixed clock and a typical spec. */
final class PkiTestSupport {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private PkiTestSupport() {}

    static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static Clock clockPlus(Duration d) {
        return clockAt(T0.plus(d));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static PkiSpec spec(Path tlsDir) {
        return new PkiSpec(tlsDir, "cluster.local", ip("10.43.0.1"),
                List.of("node1.example.com", "api.example.com"), List.of(ip("192.168.1.10")), "node1");
    }
}
