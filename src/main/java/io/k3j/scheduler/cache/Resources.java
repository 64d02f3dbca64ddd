package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources: cpu (millicores), memory and ephemeral-storage (bytes), a pod count, and the
 * "scalar" resources upstream tracks by name (extended resources such as {@code example.com/gpu}, hugepages-*,
 * attachable-volumes-*). Immutable; {@link Builder} accumulates.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, long pods, Map<String, Long> scalars) {

    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";

    public static final Resources NONE = new Resources(0, 0, 0, 0, Map.of());

    public Resources {
        scalars = Map.copyOf(scalars);
    }

    /** From a ResourceList (node allocatable, container requests, pod overhead); unknown names are ignored. */
    public static Resources of(Map<String, Quantity> list) {
        Builder b = new Builder();
        if (list != null) {
            list.forEach(b::add);
        }
        return b.build();
    }

    /** Upstream's IsScalarResourceName: extended (domain-prefixed, not requests.*), hugepages, attachable volumes. */
    public static boolean isScalar(String name) {
        return (name.contains("/") && !name.startsWith("requests.")) || name.startsWith("hugepages-")
                || name.startsWith("attachable-volumes-");
    }

    public long scalar(String name) {
        Long v = scalars.get(name);
        return v == null ? 0 : v;
    }

    /** The amount of one named resource in the scheduler's unit. */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            case PODS -> pods;
            default -> scalar(name);
        };
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.isEmpty();
    }

    /** A mutable accumulator: adds, and keeps per-resource maxima for upstream's init-container rule. */
    public static final class Builder {
        private long milliCpu;
        private long memory;
        private long ephemeralStorage;
        private long pods;
        private final Map<String, Long> scalars = new TreeMap<>();

        public Builder() {
        }

        public Builder(Resources r) {
            add(r);
        }

        public Builder add(String name, Quantity q) {
            return add(name, Quantities.of(name, q));
        }

        public Builder add(String name, long v) {
            switch (name) {
                case CPU -> milliCpu += v;
                case MEMORY -> memory += v;
                case EPHEMERAL_STORAGE -> ephemeralStorage += v;
                case PODS -> pods += v;
                default -> {
                    if (isScalar(name)) {
                        scalars.merge(name, v, Long::sum);
                    }
                }
            }
            return this;
        }

        public Builder add(Resources r) {
            milliCpu += r.milliCpu;
            memory += r.memory;
            ephemeralStorage += r.ephemeralStorage;
            pods += r.pods;
            r.scalars.forEach((k, v) -> scalars.merge(k, v, Long::sum));
            return this;
        }

        public Builder subtract(Resources r) {
            milliCpu -= r.milliCpu;
            memory -= r.memory;
            ephemeralStorage -= r.ephemeralStorage;
            pods -= r.pods;
            r.scalars.forEach((k, v) -> scalars.merge(k, -v, Long::sum));
            return this;
        }

        /** Raises each resource to at least {@code r}'s amount (pods excepted, as upstream's SetMaxResource). */
        public Builder max(Resources r) {
            milliCpu = Math.max(milliCpu, r.milliCpu);
            memory = Math.max(memory, r.memory);
            ephemeralStorage = Math.max(ephemeralStorage, r.ephemeralStorage);
            r.scalars.forEach((k, v) -> scalars.merge(k, v, Math::max));
            return this;
        }

        public Resources build() {
            Map<String, Long> s = new HashMap<>(scalars);
            return new Resources(milliCpu, memory, ephemeralStorage, pods, s);
        }
    }
}
