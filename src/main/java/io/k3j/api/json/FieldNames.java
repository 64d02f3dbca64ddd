package io.k3j.api.json;

/**
 * Field names of long-lived trees, shared: a cluster's objects use a few thousand names over and over, and a
 * name held once per tree would cost a String per field. Names come back {@link String#intern() interned}, so
 * {@link CompactFields} finds a code literal such as {@code "metadata"} by identity. A small lossy table in front
 * of the JVM's string table saves the intern call for the common names; like {@link CompactNodes}' value table it
 * is racy by design (a lost slot only means one more intern call).
 */
final class FieldNames {

    private static final int SLOTS = 4096;
    private static final int MAX_LENGTH = 64;
    private static final String[] TABLE = new String[SLOTS];

    private FieldNames() {
    }

    static String shared(String name) {
        if (name.length() > MAX_LENGTH) {
            return name;
        }
        int h = name.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String known = TABLE[slot];
        if (known != null && (known == name || known.equals(name))) {
            return known;
        }
        String interned = name.intern();
        TABLE[slot] = interned;
        return interned;
    }
}
