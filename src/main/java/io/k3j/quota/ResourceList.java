package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * An immutable map of resource name → quantity (a quota's hard limits, its used amounts, an object's usage), with
 * the set arithmetic upstream's quota helpers define. Names are kept sorted, so printing is stable.
 */
public record ResourceList(SortedMap<String, Quantity> items) {

    public static final ResourceList EMPTY = new ResourceList(new TreeMap<>());

    public ResourceList {
        items = Collections.unmodifiableSortedMap(new TreeMap<>(items));
    }

    public static ResourceList of(Map<String, Quantity> items) {
        return new ResourceList(new TreeMap<>(items));
    }

    /** A JSON resource list ({@code {"pods":"2","requests.cpu":"500m"}}); entries that do not parse are left out. */
    public static ResourceList fromJson(JsonNode node) {
        SortedMap<String, Quantity> m = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> {
                Quantity q = Quantity.parseOrNull(e.getValue().asText());
                if (q != null) {
                    m.put(e.getKey(), q);
                }
            });
        }
        return new ResourceList(m);
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        items.forEach((k, v) -> o.put(k, v.toString()));
        return o;
    }

    public Set<String> names() {
        return items.keySet();
    }

    public Quantity get(String name) {
        return items.get(name);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public ResourceList with(String name, Quantity q) {
        SortedMap<String, Quantity> m = new TreeMap<>(items);
        m.put(name, q);
        return new ResourceList(m);
    }

    /** Sum: names in both are added, names in one are copied. */
    public ResourceList add(ResourceList other) {
        SortedMap<String, Quantity> m = new TreeMap<>(items);
        other.items.forEach((k, v) -> m.merge(k, v, Quantity::add));
        return new ResourceList(m);
    }

    /** These entries, replaced by {@code other}'s where it has the name. */
    public ResourceList overlay(ResourceList other) {
        SortedMap<String, Quantity> m = new TreeMap<>(items);
        m.putAll(other.items);
        return new ResourceList(m);
    }

    /** Per-name maximum (init containers against the running set). */
    public ResourceList max(ResourceList other) {
        SortedMap<String, Quantity> m = new TreeMap<>(items);
        other.items.forEach((k, v) -> m.merge(k, v, (a, b) -> b.compareTo(a) > 0 ? b : a));
        return new ResourceList(m);
    }

    /**
     * {@code this − other} with every result at least zero; names only in {@code other} appear as zero (upstream's
     * SubtractWithNonNegativeResult: an update that shrinks usage is charged nothing, never credited).
     */
    public ResourceList subtractNonNegative(ResourceList other) {
        SortedMap<String, Quantity> m = new TreeMap<>();
        items.forEach((k, v) -> {
            Quantity o = other.items.get(k);
            Quantity d = o == null ? v : v.subtract(o);
            m.put(k, d.signum() > 0 ? d : Quantity.ZERO);
        });
        other.items.keySet().forEach(k -> m.putIfAbsent(k, Quantity.ZERO));
        return new ResourceList(m);
    }

    /** Only the given names. */
    public ResourceList mask(Collection<String> names) {
        SortedMap<String, Quantity> m = new TreeMap<>();
        for (String n : names) {
            Quantity q = items.get(n);
            if (q != null) {
                m.put(n, q);
            }
        }
        return new ResourceList(m);
    }

    public ResourceList removeZeros() {
        SortedMap<String, Quantity> m = new TreeMap<>(items);
        m.values().removeIf(Quantity::isZero);
        return new ResourceList(m);
    }

    /** Names with a negative quantity. */
    public List<String> negatives() {
        List<String> out = new ArrayList<>();
        items.forEach((k, v) -> {
            if (v.signum() < 0) {
                out.add(k);
            }
        });
        return out;
    }

    /** Names whose quantity here exceeds the one in {@code limits} (names absent from {@code limits} never do). */
    public List<String> exceeding(ResourceList limits) {
        List<String> out = new ArrayList<>();
        items.forEach((k, v) -> {
            Quantity l = limits.items.get(k);
            if (l != null && v.compareTo(l) > 0) {
                out.add(k);
            }
        });
        return out;
    }

    /** Same names with equal values (upstream's quota.Equals; formats do not matter). */
    public boolean sameAs(ResourceList other) {
        return items.equals(other.items);
    }

    /** {@code name=value} pairs in name order joined by commas, as upstream's quota error messages print them. */
    public String pretty() {
        StringJoiner j = new StringJoiner(",");
        items.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
