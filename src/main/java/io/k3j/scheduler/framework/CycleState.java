package io.k3j.scheduler.framework;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * Per-cycle data plugins compute once for a pod (in PreFilter/PreScore) and read per node. Keyed by plugin
 * name. {@link #copy()} gives preemption's dry runs their own copy, since they add and remove pods.
 */
public final class CycleState {

    /** State a plugin keeps in the cycle; {@link #copy()} must be deep enough that updates do not leak back. */
    public interface Data {
        Data copy();
    }

    private final Map<String, Data> data;
    private final Set<String> skippedFilters;

    public CycleState() {
        this.data = new HashMap<>();
        this.skippedFilters = new HashSet<>();
    }

    private CycleState(Map<String, Data> data, Set<String> skippedFilters) {
        this.data = data;
        this.skippedFilters = skippedFilters;
    }

    /** Filter plugins whose PreFilter returned SKIP: their Filter and add/remove hooks are not run. */
    public Set<String> skippedFilters() {
        return skippedFilters;
    }

    public void write(String key, Data value) {
        data.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T extends Data> T read(String key) {
        return (T) data.get(key);
    }

    public CycleState copy() {
        Map<String, Data> m = new HashMap<>();
        data.forEach((k, v) -> m.put(k, v.copy()));
        return new CycleState(m, skippedFilters);
    }
}
