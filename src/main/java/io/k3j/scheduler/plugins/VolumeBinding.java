package io.k3j.scheduler.plugins;

import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.ClusterEvent;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.Status;

import java.util.Set;

/**
 * The VolumeBinding extension point: PreFilter and Filter for pods that mount claims. A {@link Binder} decides
 * (io.k3j.scheduler.volume.ClaimBinder matches claims to volumes and nodes); pods without claims skip it, so it
 * costs them nothing. The default binder passes every pod, for profiles without volume awareness (tests, warm-up).
 */
public final class VolumeBinding implements FilterPlugin {

    public static final String NAME = "VolumeBinding";

    /** Decides whether the pod's claims can be satisfied; the status reasons are upstream's texts. */
    public interface Binder {
        /**
         * Once per cycle, for a pod with claims: may reject it (e.g. {@code persistentvolumeclaim "x" not found},
         * "pod has unbound immediate PersistentVolumeClaims") and may keep what it found in {@code state} for Filter.
         */
        Status preFilter(CycleState state, PodInfo pod);

        /** Per node: e.g. "node(s) had volume node affinity conflict", "node(s) didn't find available persistent volumes to bind". */
        Status filter(CycleState state, PodInfo pod, NodeInfo node);
    }

    /** Passes everything. */
    public static final Binder ACCEPT_ALL = new Binder() {
        @Override
        public Status preFilter(CycleState state, PodInfo pod) {
            return Status.SUCCESS;
        }

        @Override
        public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
            return Status.SUCCESS;
        }
    };

    private final Binder binder;

    public VolumeBinding() {
        this(ACCEPT_ALL);
    }

    public VolumeBinding(Binder binder) {
        this.binder = binder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> events() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.NODE_UPDATED, ClusterEvent.VOLUME_CHANGED, ClusterEvent.WILDCARD);
    }

    @Override
    public PreFilter preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        if (pod.claimNames().isEmpty()) {
            return PreFilter.SKIP;
        }
        Status s = binder.preFilter(state, pod);
        return s.isSuccess() ? PreFilter.ALL : PreFilter.reject(s);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        return binder.filter(state, pod, node);
    }
}
