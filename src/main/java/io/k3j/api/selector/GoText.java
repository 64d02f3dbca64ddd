package io.k3j.api.selector;

import java.util.List;

/** Formatting helpers that reproduce the few Go idioms (%q, aggregate errors) upstream messages depend on. */
final class GoText {

    private GoText() {
    }

    /** Go's %q for ordinary strings: double quotes, with backslash escapes for quotes, backslashes and controls. */
    static String quote(String s) {
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

    /** utilerrors.Aggregate.Error(): one message alone, several as "[a, b]". */
    static String aggregate(List<String> messages) {
        List<String> unique = messages.stream().distinct().toList();
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }
}
