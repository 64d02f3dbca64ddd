package io.k3j.api.selector;

import java.util.List;

/** Formatting helpers that reproduce the few Go idioms (%q, aggregate errors) upstream messages depend on. */
final class GoText {

    private GoText() {
    }

    /** Go's %q for ordinary strings: double quotes, with backslash escapes for quotes, backslashes and controls. */
    static String quote(String s) {
        return io.k3j.api.GoQuote.quote(s);
    }

    /** utilerrors.Aggregate.Error(): one message alone, several as "[a, b]". */
    static String aggregate(List<String> messages) {
        List<String> unique = messages.stream().distinct().toList();
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }
}
