package io.k3j.api;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's duration syntax as the API and its clients write it ({@code 300s}, {@code 1h30m}, {@code 1.5m},
 * {@code 250ms}): one parser for every field that holds one (HelmChart timeouts, {@code @every} cron schedules,
 * metrics windows). Callers decide what an invalid text means for them.
 */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {
    }

    /** The duration, or empty unless the whole text is one or more number-unit parts. */
    public static Optional<Duration> parse(String text) {
        Matcher m = PART.matcher(text);
        int end = 0;
        double nanos = 0;
        while (m.find() && m.start() == end) {
            nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = m.end();
        }
        return end == 0 || end != text.length() ? Optional.empty() : Optional.of(Duration.ofNanos((long) nanos));
    }
}
