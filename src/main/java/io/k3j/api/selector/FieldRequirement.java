package io.k3j.api.selector;

/** One term of a field selector: {@code field=value} or {@code field!=value} ("==" parses as "="). */
public record FieldRequirement(String field, boolean negated, String value) {

    public boolean matches(String actual) {
        // a field the object does not have reads as "", so "f!=x" selects it and "f=" selects it
        String a = actual == null ? "" : actual;
        return negated != a.equals(value);
    }

    @Override
    public String toString() {
        return field + (negated ? "!=" : "=") + escape(value);
    }

    /** Escapes the three characters the grammar reserves in values. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
