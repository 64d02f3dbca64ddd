package io.k3j.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A field selector: terms ANDed together. Parsing is kind-independent; {@link #forKind} then checks the
 * field labels against the kind's table (and rewrites legacy aliases) exactly where upstream's request
 * handler does, so the error texts match.
 */
public final class FieldSelector {

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<FieldRequirement> terms;

    private FieldSelector(List<FieldRequirement> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public static FieldSelector parse(String selector) throws SelectorException {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> parts = splitTerms(selector);
        parts.sort(null); // upstream sorts the raw terms before parsing them
        List<FieldRequirement> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            FieldRequirement term = splitTerm(part);
            if (term == null) {
                throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(term);
        }
        return new FieldSelector(terms);
    }

    /**
     * Validates the field labels for a kind and applies its aliases (e.g. pods' {@code spec.host}).
     *
     * @param group the API group ("" for core)
     * @param kind the Kind, e.g. "Pod"
     */
    public FieldSelector forKind(String group, String kind) throws SelectorException {
        List<FieldRequirement> out = new ArrayList<>(terms.size());
        for (FieldRequirement t : terms) {
            String field = FieldLabels.convert(group, kind, t.field());
            out.add(new FieldRequirement(field, t.negated(), t.value()));
        }
        return new FieldSelector(out);
    }

    /** Matches against precomputed selectable fields (see {@link FieldLabels#selectableFields}). */
    public boolean matches(Map<String, String> fields) {
        return terms.stream().allMatch(t -> t.matches(fields.get(t.field())));
    }

    /** Matches an object, reading its selectable fields by its own apiVersion and kind. */
    public boolean matches(JsonNode object) {
        return terms.isEmpty() || matches(FieldLabels.selectableFields(object));
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public List<FieldRequirement> terms() {
        return terms;
    }

    /** The value an exact {@code field=value} term requires, if any (e.g. watch by metadata.name). */
    public java.util.Optional<String> requiresExactMatch(String field) {
        return terms.stream().filter(t -> t.field().equals(field) && !t.negated()).map(FieldRequirement::value).findFirst();
    }

    @Override
    public String toString() {
        return terms.stream().map(FieldRequirement::toString).collect(Collectors.joining(","));
    }

    /** Splits on commas not preceded by a backslash; escapes stay in the terms. */
    private static List<String> splitTerms(String s) {
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(s.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(s.substring(start));
        return terms;
    }

    /** The first operator occurrence splits the term; "!=" and "==" are tried before "=" at each position. */
    private static FieldRequirement splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            String rest = term.substring(i);
            for (String op : new String[] {"!=", "==", "="}) {
                if (rest.startsWith(op)) {
                    String value = unescape(term.substring(i + op.length()));
                    return new FieldRequirement(term.substring(0, i), op.equals("!="), value);
                }
            }
        }
        return null;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf(',') < 0 && s.indexOf('=') < 0) {
            return s;
        }
        StringBuilder v = new StringBuilder(s.length());
        boolean inSlash = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\" + c);
                }
                v.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                // upstream formats the rune with %v, which prints its code point
                throw new SelectorException("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                v.append(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return v.toString();
    }
}
