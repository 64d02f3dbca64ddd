package io.k3j.admission.podsecurity;

import java.util.Collection;
import java.util.stream.Collectors;

/** The small text helpers every check's message is built from, printing exactly what upstream prints. */
final class Texts {

    private Texts() {
    }

    /** {@code "a", "b", "c"}; empty for no items. */
    static String joinQuote(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return items.stream().collect(Collectors.joining("\", \"", "\"", "\""));
    }

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    static String containers(Collection<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }

    /** Go's {@code %q} for the strings these messages hold (label values, annotation values, names). */
    static String goQuote(String s) {
        return io.k3j.api.GoQuote.quote(s);
    }
}
