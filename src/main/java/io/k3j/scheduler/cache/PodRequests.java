package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod asks of a node, computed as upstream's resource helper does: the sum of the containers' requests,
 * sidecars (restartable init containers) added to it, raised to the largest single init container step (a regular
 * init container runs beside the sidecars started before it), plus the pod overhead.
 */
public final class PodRequests {

    /** Upstream's DefaultMilliCPURequest and DefaultMemoryRequest, used only to score best-effort containers. */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private PodRequests() {
    }

    /** The requests; with {@code nonZeroDefaults}, a container missing a cpu or memory request counts the defaults. */
    public static Resources of(PodSpec spec, boolean nonZeroDefaults) {
        Resources.Builder sum = new Resources.Builder();
        for (Container c : nullSafe(spec.getContainers())) {
            sum.add(container(c, nonZeroDefaults));
        }
        Resources.Builder sidecars = new Resources.Builder();
        Resources.Builder initMax = new Resources.Builder();
        for (Container c : nullSafe(spec.getInitContainers())) {
            Resources r = container(c, nonZeroDefaults);
            if ("Always".equals(c.getRestartPolicy())) {
                sum.add(r);
                sidecars.add(r);
                initMax.max(sidecars.build());
            } else {
                initMax.max(new Resources.Builder(r).add(sidecars.build()).build());
            }
        }
        sum.max(initMax.build());
        if (spec.getOverhead() != null) {
            spec.getOverhead().forEach(sum::add);
        }
        return sum.build();
    }

    /**
     * One container's requests. A limit without a request counts as the request, as the API server's defaulting
     * would have set it (so objects that skipped defaulting schedule the same way).
     */
    static Resources container(Container c, boolean nonZeroDefaults) {
        Map<String, Quantity> requests = new HashMap<>();
        ResourceRequirements rr = c.getResources();
        if (rr != null) {
            if (rr.getLimits() != null) {
                requests.putAll(rr.getLimits());
            }
            if (rr.getRequests() != null) {
                requests.putAll(rr.getRequests());
            }
        }
        Resources.Builder b = new Resources.Builder();
        requests.forEach(b::add);
        if (nonZeroDefaults) {
            if (!requests.containsKey(Resources.CPU)) {
                b.add(Resources.CPU, DEFAULT_MILLI_CPU);
            }
            if (!requests.containsKey(Resources.MEMORY)) {
                b.add(Resources.MEMORY, DEFAULT_MEMORY);
            }
        }
        return b.build();
    }

    private static <T> List<T> nullSafe(List<T> l) {
        return l == null ? List.of() : l;
    }
}
