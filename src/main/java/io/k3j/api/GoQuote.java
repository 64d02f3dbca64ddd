package io.k3j.api;

/**
 * Go's {@code %q} for ordinary strings: double quotes, backslash escapes for quotes, backslashes and control
 * characters. Upstream's error and warning texts embed values this way, and clients (and people) see the same
 * bytes from k3j. The one implementation every message builder uses.
 */
public final class GoQuote {

    private GoQuote() {
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
