package io.k3j.addons.helm;

import java.time.Duration;

/** Go's duration syntax ({@code 300s}, {@code 5m}, {@code 1h30m}, {@code 1.5m}) as HelmChart {@code timeout} uses it. */
final class GoDuration {

    private GoDuration() {
    }

    static Duration parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String t = s.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        return io.k3j.api.GoDurations.parse(t)
                .orElseThrow(() -> new IllegalArgumentException("invalid duration \"" + s + "\""));
    }
}
