package io.k3j.auth.rbac;

import java.util.List;

/** The few Go formatting idioms upstream's RBAC messages depend on: %q of a string and of a []string. */
final class GoFormat {

    private GoFormat() {
    }

    /** Go's %q: double quotes, backslash escapes for quotes, backslashes and control characters. */
    static String quote(String s) {
        return io.k3j.api.GoQuote.quote(s);
    }

    /** Go's %q of a []string: {@code ["a" "b"]}, elements separated by a space. */
    static String quote(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(quote(list.get(i)));
        }
        return b.append(']').toString();
    }

    /** utilerrors.NewAggregate(errs).Error(): one message alone, several as "[a, b]" (duplicates once). */
    static String aggregate(List<String> messages) {
        List<String> unique = messages.stream().distinct().toList();
        return unique.size() == 1 ? unique.get(0) : "[" + String.join(", ", unique) + "]";
    }
}
