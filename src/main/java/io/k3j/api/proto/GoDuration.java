package io.k3j.api.proto;

/**
 * Go's {@code time.Duration.String()}, which is how {@code metav1.Duration} appears in JSON ("1h0m0s", "1.5s",
 * "300ms", "0s"). The server parses it back with the same grammar, so it must match Go digit for digit.
 */
final class GoDuration {

    private static final long MICRO = 1_000L, MILLI = 1_000_000L, SECOND = 1_000_000_000L;

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; unsigned arithmetic keeps its magnitude exact.
        long u = negative ? -nanos : nanos;
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, SECOND) < 0) {
            String unit;
            int precision;
            if (u < MICRO) {
                unit = "ns";
                precision = 0;
            } else if (u < MILLI) {
                unit = "µs";
                precision = 3;
            } else {
                unit = "ms";
                precision = 6;
            }
            long scale = pow10(precision);
            out.append(u / scale).append(fraction(u % scale, precision)).append(unit);
        } else {
            long whole = Long.divideUnsigned(u, SECOND);
            String frac = fraction(Long.remainderUnsigned(u, SECOND), 9);
            long seconds = whole % 60, minutes = whole / 60 % 60, hours = whole / 3600;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            out.append(seconds).append(frac).append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    /** ".5" for 500 of 3 digits; "" when zero (Go drops the point and trailing zeros). */
    private static String fraction(long value, int digits) {
        if (value == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder(Long.toString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        return "." + s.substring(0, end);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
