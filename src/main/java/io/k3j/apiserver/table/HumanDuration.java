package io.k3j.apiserver.table;

import java.time.Duration;
import java.time.Instant;

/**
 * Ages as kube-apiserver prints them (apimachinery {@code duration.HumanDuration}): precise while an age is young,
 * coarser as it grows, so a column stays short. Each band keeps two units at most and drops a zero second unit.
 */
public final class HumanDuration {

    private static final long HOURS_PER_YEAR = 24 * 365;

    private HumanDuration() {
    }

    /** Age of {@code timestamp} at {@code now}; {@code <unknown>} for a missing timestamp, like upstream. */
    public static String since(Instant timestamp, Instant now) {
        if (timestamp == null) {
            return "<unknown>";
        }
        return format(Duration.between(timestamp, now));
    }

    public static String format(Duration d) {
        long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0); // Go truncates toward zero
        // Upstream forgives up to one second of clock skew before calling a time in the future invalid.
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            return pair(minutes, "m", seconds % 60, "s");
        }
        if (minutes < 3 * 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            return pair(hours, "h", minutes % 60, "m");
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            return pair(hours / 24, "d", hours % 24, "h");
        }
        if (hours < 2 * HOURS_PER_YEAR) {
            return hours / 24 + "d";
        }
        if (hours < 8 * HOURS_PER_YEAR) {
            return pair(hours / HOURS_PER_YEAR, "y", (hours / 24) % 365, "d");
        }
        return hours / HOURS_PER_YEAR + "y";
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + majorUnit : major + majorUnit + minor + minorUnit;
    }
}
