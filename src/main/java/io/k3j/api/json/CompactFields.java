package io.k3j.api.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one JSON object, in insertion order, as two parallel arrays while the object is small.
 *
 * <p>Why: Kubernetes objects are trees of many tiny objects (a pod's managedFields alone are dozens of one-entry
 * {@code "f:name":{}} maps). A {@link LinkedHashMap} costs about 180 bytes for one entry (map, table, linked entry,
 * entry-set view); this costs about 80, and nothing for an empty object. With 10,000 pods held by the watch cache
 * and the informers, that is hundreds of megabytes of heap and the GC time that goes with it. Lookups scan the keys,
 * which for a handful of interned field names is as fast as hashing; past {@link #LINEAR_LIMIT} fields (labels,
 * a large ConfigMap) the map switches to a {@link LinkedHashMap}.
 */
final class CompactFields extends AbstractMap<String, JsonNode> {

    static final int LINEAR_LIMIT = 12;
    private static final Object[] EMPTY = new Object[0];

    private Object[] keys = EMPTY;
    private Object[] values = EMPTY;
    private int size;
    /** Set once the object has outgrown the arrays; from then on it holds everything. */
    private LinkedHashMap<String, JsonNode> large;
    private int modCount;

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    private int indexOf(Object key) {
        Object[] k = keys;
        for (int i = 0; i < size; i++) {
            if (k[i] == key) { // stored names are interned (FieldNames): code's literals are found by identity
                return i;
            }
        }
        if (key != null) {
            for (int i = 0; i < size; i++) {
                if (key.equals(k[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : (JsonNode) values[i];
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        Objects.requireNonNull(key, "field name");
        if (large != null) {
            return large.put(FieldNames.shared(key), value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            JsonNode old = (JsonNode) values[i];
            values[i] = value;
            return old;
        }
        key = FieldNames.shared(key);
        if (size == LINEAR_LIMIT) {
            large = new LinkedHashMap<>(LINEAR_LIMIT * 2);
            for (int j = 0; j < size; j++) {
                large.put((String) keys[j], (JsonNode) values[j]);
            }
            keys = EMPTY;
            values = EMPTY;
            size = 0;
            modCount++;
            return large.put(key, value);
        }
        if (size == keys.length) {
            int capacity = size == 0 ? 2 : Math.min(LINEAR_LIMIT, size < 8 ? size * 2 : size + (size >> 1));
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        modCount++;
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        JsonNode old = (JsonNode) values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        int tail = size - i - 1;
        if (tail > 0) {
            System.arraycopy(keys, i + 1, keys, i, tail);
            System.arraycopy(values, i + 1, values, i, tail);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        modCount++;
    }

    @Override
    public void clear() {
        large = null;
        keys = EMPTY;
        values = EMPTY;
        size = 0;
        modCount++;
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        return large != null ? large.entrySet() : new Entries();
    }

    /** A view over the arrays; iteration order is insertion order, and {@code remove} works as in any map. */
    private final class Entries extends AbstractSet<Entry<String, JsonNode>> {
        @Override
        public int size() {
            return CompactFields.this.size();
        }

        @Override
        public Iterator<Entry<String, JsonNode>> iterator() {
            if (large != null) {
                return large.entrySet().iterator();
            }
            return new Iterator<>() {
                private int next;
                private int last = -1;
                private int expected = modCount;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Entry<String, JsonNode> next() {
                    if (expected != modCount) {
                        throw new ConcurrentModificationException();
                    }
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    last = next++;
                    return new Field(last);
                }

                @Override
                public void remove() {
                    if (last < 0) {
                        throw new IllegalStateException();
                    }
                    if (expected != modCount) {
                        throw new ConcurrentModificationException();
                    }
                    removeAt(last);
                    next = last;
                    last = -1;
                    expected = modCount;
                }
            };
        }
    }

    /** One field, writing through to the arrays (Jackson replaces values through entries in some paths). */
    private final class Field implements Entry<String, JsonNode> {
        private final int index;
        private final String key;

        Field(int index) {
            this.index = index;
            this.key = (String) keys[index];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public JsonNode getValue() {
            return index < size && keys[index] == key ? (JsonNode) values[index] : get(key);
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            return put(key, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
