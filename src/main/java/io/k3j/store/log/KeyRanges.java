package io.k3j.store.log;

/** Prefix → half-open key range arithmetic. */
public final class KeyRanges {
    private KeyRanges() {
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}; "" prefix → a sentinel above
     * all keys the API server writes (keys are printable, so U+FFFF never occurs in them).
     */
    public static String end(String prefix) {
        if (prefix.isEmpty()) {
            return "\uffff";
        }
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
