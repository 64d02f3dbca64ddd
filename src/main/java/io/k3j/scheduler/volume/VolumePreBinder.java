package io.k3j.scheduler.volume;

import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's VolumeBinding PreBind (BindPodVolumes): writes the pre-bound volumes' claimRefs and the
 * selected-node annotations, then waits until the persistentvolume-binder has fully bound every claim (volumeName and
 * bind-completed) before the pod itself is bound, failing early when a claimRef is reset, provisioning gives the node
 * back, or a volume no longer fits the node, and after the bind timeout (upstream's 600 s default). Waiting is
 * event-driven: {@link #recheck()} runs on every volume or claim change the scheduler's informers see.
 */
public final class VolumePreBinder {

    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    private static final WriteOptions MANAGER = WriteOptions.manager("kube-scheduler");

    private final Vertx vertx;
    private final KubeClient client;
    private final VolumeCache cache;
    private final long timeoutMillis;
    private final List<Wait> waits = new ArrayList<>();

    /** A pod waiting for its claims; {@code written} holds the resourceVersions our writes produced. */
    private record Wait(PodVolumes volumes, Map<String, String> nodeLabels, Map<String, Long> written,
                        Promise<Void> done, long timer) {
    }

    public VolumePreBinder(Vertx vertx, KubeClient client, VolumeCache cache, long timeoutMillis) {
        this.vertx = vertx;
        this.client = client;
        this.cache = cache;
        this.timeoutMillis = timeoutMillis;
    }

    /** Writes the bindings, then completes once all the pod's claims are bound; fails with upstream's texts. */
    public Future<Void> bind(PodVolumes volumes, Map<String, String> nodeLabels) {
        return write(volumes).compose(written -> {
            Promise<Void> done = Promise.promise();
            long timer = vertx.setTimer(timeoutMillis, t -> finish(w -> w.done() == done,
                    "binding volumes: context deadline exceeded"));
            waits.add(new Wait(volumes, nodeLabels, written, done, timer));
            recheck();
            return done.future();
        });
    }

    private Future<Map<String, Long>> write(PodVolumes volumes) {
        Map<String, Long> written = new java.util.HashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (PodVolumes.Binding b : volumes.staticBindings()) {
            chain = chain.compose(v -> client.update(PVS, "", b.volume().object(), MANAGER)
                    .map(o -> {
                        written.put("pv/" + b.volume().name(), revision(o.path("metadata").path("resourceVersion").asText()));
                        return null;
                    }));
        }
        for (Claim c : volumes.dynamicProvisions()) {
            chain = chain.compose(v -> client.update(PVCS, c.namespace(), c.object(), MANAGER)
                    .map(o -> {
                        written.put("pvc/" + c.key(), revision(o.path("metadata").path("resourceVersion").asText()));
                        return null;
                    }));
        }
        return chain.map(written);
    }

    /** Re-examines every waiting pod against the cache (call after each volume or claim change). */
    public void recheck() {
        for (Wait w : List.copyOf(waits)) {
            String failure;
            boolean bound;
            try {
                bound = allBound(w);
                failure = null;
            } catch (IllegalStateException e) {
                bound = false;
                failure = e.getMessage();
            }
            if (failure != null) {
                finish(x -> x == w, "binding volumes: " + failure);
            } else if (bound) {
                waits.remove(w);
                vertx.cancelTimer(w.timer());
                w.done().tryComplete();
            }
        }
    }

    /** Fails every wait (the scheduler lost its lease). */
    public void cancelAll() {
        finish(w -> true, "scheduler stopped");
    }

    private void finish(java.util.function.Predicate<Wait> which, String message) {
        for (Wait w : List.copyOf(waits)) {
            if (which.test(w)) {
                waits.remove(w);
                vertx.cancelTimer(w.timer());
                w.done().tryFail(message);
            }
        }
    }

    /** Upstream's checkBindings over the API versions of the objects; throws for conditions that need a retry. */
    private boolean allBound(Wait w) {
        boolean all = true;
        for (PodVolumes.Binding b : w.volumes().staticBindings()) {
            PersistentVolume pv = cache.apiVolume(b.volume().name());
            Claim pvc = cache.apiClaim(b.claim().key());
            if (pv == null || pvc == null || revision(pv.resourceVersion()) < w.written().getOrDefault("pv/" + pv.name(), 0L)) {
                all = false; // our write has not come back through the informer yet
                continue;
            }
            if (!pv.nodeAffinity().matches(w.nodeLabels())) {
                throw new IllegalStateException("pv \"" + pv.name() + "\" node affinity doesn't match node \""
                        + w.volumes().node() + "\": no matching NodeSelectorTerms");
            }
            if (pv.claimRef() == null || pv.claimRef().uid().isEmpty()) {
                throw new IllegalStateException("ClaimRef got reset for pv \"" + pv.name() + "\"");
            }
            all &= pvc.fullyBound();
        }
        for (Claim c : w.volumes().dynamicProvisions()) {
            Claim pvc = cache.apiClaim(c.key());
            if (pvc == null || revision(pvc.resourceVersion()) < w.written().getOrDefault("pvc/" + c.key(), 0L)) {
                all = false;
                continue;
            }
            if (!w.volumes().node().equals(pvc.annotations().get(io.k3j.volume.VolumeAnnotations.SELECTED_NODE))) {
                throw new IllegalStateException("provisioning failed for PVC \"" + pvc.name() + "\"");
            }
            if (!pvc.volumeName().isEmpty()) {
                PersistentVolume pv = cache.apiVolume(pvc.volumeName());
                if (pv == null) {
                    all = false;
                    continue;
                }
                if (!pv.nodeAffinity().matches(w.nodeLabels())) {
                    throw new IllegalStateException("pv \"" + pv.name() + "\" node affinity doesn't match node \""
                            + w.volumes().node() + "\": no matching NodeSelectorTerms");
                }
            }
            all &= pvc.fullyBound();
        }
        return all;
    }

    private static long revision(String rv) {
        try {
            return Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
