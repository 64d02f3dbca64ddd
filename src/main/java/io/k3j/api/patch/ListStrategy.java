package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one list field merges, for both engines: strategic merge patch reads {@code strategy} and
 * {@code mergeKey} (the patchStrategy/patchMergeKey tags), server-side apply reads {@code listType} and
 * {@code mapKeys} (x-kubernetes-list-type / list-map-keys). The two disagree for some fields on purpose
 * (e.g. Job conditions merge by type in SMP but are atomic for SSA), so both are kept.
 *
 * @param keyDefaults values SSA assumes for absent map keys (a port's protocol defaults to TCP)
 */
public record ListStrategy(Strategy strategy, String mergeKey, ListType listType, List<String> mapKeys,
                           Map<String, JsonNode> keyDefaults) {

    /** patchStrategy tag values. */
    public enum Strategy {
        REPLACE, MERGE, RETAIN_KEYS, MERGE_RETAIN_KEYS;

        public boolean merges() {
            return this == MERGE || this == MERGE_RETAIN_KEYS;
        }
    }

    /** x-kubernetes-list-type values. */
    public enum ListType {
        ATOMIC, SET, MAP
    }

    public static final ListStrategy ATOMIC = new ListStrategy(Strategy.REPLACE, null, ListType.ATOMIC, List.of(), Map.of());

    public ListStrategy {
        mapKeys = List.copyOf(mapKeys);
        keyDefaults = Map.copyOf(keyDefaults);
    }

    /** A list of objects merged by {@code mergeKey}; SSA keys it by the merge key plus {@code moreKeys}. */
    public static ListStrategy mergeByKey(String mergeKey, String... moreKeys) {
        List<String> keys = new java.util.ArrayList<>(List.of(mergeKey));
        keys.addAll(List.of(moreKeys));
        return new ListStrategy(Strategy.MERGE, mergeKey, ListType.MAP, keys, Map.of());
    }

    /** A list of scalars merged as a set (finalizers). */
    public static ListStrategy mergeSet() {
        return new ListStrategy(Strategy.MERGE, null, ListType.SET, List.of(), Map.of());
    }

    /** SMP merges by key, SSA treats the list as one value. */
    public static ListStrategy mergeByKeyAtomicForApply(String mergeKey) {
        return new ListStrategy(Strategy.MERGE, mergeKey, ListType.ATOMIC, List.of(), Map.of());
    }

    /** No patch strategy (SMP replaces the list) but a list-map for apply, keyed by {@code keys}. */
    public static ListStrategy mapForApplyOnly(String... keys) {
        return new ListStrategy(Strategy.REPLACE, null, ListType.MAP, List.of(keys), Map.of());
    }

    public ListStrategy withRetainKeys() {
        return new ListStrategy(Strategy.MERGE_RETAIN_KEYS, mergeKey, listType, mapKeys, keyDefaults);
    }

    public ListStrategy withKeyDefault(String key, JsonNode value) {
        Map<String, JsonNode> d = new HashMap<>(keyDefaults);
        d.put(key, value);
        return new ListStrategy(strategy, mergeKey, listType, mapKeys, d);
    }
}
