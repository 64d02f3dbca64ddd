package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.Informer;
import io.k3j.client.WorkQueue;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.volume.Claim;
import io.k3j.volume.ClaimRef;
import io.k3j.volume.PersistentVolume;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Upstream's persistentvolume-binder controller for statically provisioned volumes: binds claims to volumes (both
 * sides written, volume first), keeps both phases, makes claims Lost when their volume goes, and reclaims released
 * volumes by their policy. One queue with one worker carries both kinds of key ("pv:name", "pvc:ns/name"), so no two
 * syncs race each other; every object is also resynced every 15 s, as upstream's --pvclaimbinder-sync-period,
 * which retries waiting claims and repeats their events. Everything is read from the informers (with this
 * controller's own latest writes overlaid), so a restart resumes from the API.
 */
public final class PersistentVolumeBinder implements Controller {

    public static final String NAME = "persistentvolume-binder";
    static final String EVENT_SOURCE = "persistentvolume-controller";
    static final long RESYNC_MILLIS = 15_000;
    private static final GroupVersionResource STORAGE_CLASSES = new GroupVersionResource("storage.k8s.io", "v1", "storageclasses");
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final String VOLUME = "pv:";
    private static final String CLAIM = "pvc:";

    private final long resyncMillis;
    private Vertx vertx;
    private WorkQueue queue;
    private BinderCaches caches;
    private ClaimSync claimSync;
    private VolumeSync volumeSync;
    private long resyncTimer = -1;

    public PersistentVolumeBinder() {
        this(RESYNC_MILLIS);
    }

    PersistentVolumeBinder(long resyncMillis) {
        this.resyncMillis = resyncMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        vertx = ctx.vertx();
        Informer volumes = ctx.informers().of(BindingWrites.PVS);
        Informer claims = ctx.informers().of(BindingWrites.PVCS);
        Informer pods = ctx.informers().of(PODS).addIndexer(BinderCaches.POD_CLAIMS, BinderCaches::claimKeys);
        caches = new BinderCaches(new LatestObjects(volumes), new LatestObjects(claims),
                ctx.informers().of(STORAGE_CLASSES), pods);
        BindingWrites writes = new BindingWrites(ctx.client(), ctx.recorder(EVENT_SOURCE), caches.volumeStore(),
                caches.claimStore());
        claimSync = new ClaimSync(caches, writes, new Provisioning(caches, writes));
        volumeSync = new VolumeSync(caches, writes, new Reclaimer(vertx, ctx.client(), caches, writes), ctx.client(),
                key -> queue.add(CLAIM + key));
        queue = new WorkQueue(vertx, NAME, 1, this::sync);
        volumes.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pv) {
                queue.add(VOLUME + Informer.keyOf(pv));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode pv) {
                queue.add(VOLUME + Informer.keyOf(pv));
            }

            @Override
            public void onDelete(ObjectNode pv) {
                // Its claim, if any, is now Lost.
                ClaimRef ref = ClaimRef.of(pv);
                if (ref != null) {
                    queue.add(CLAIM + ref.key());
                }
            }
        });
        claims.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pvc) {
                queue.add(CLAIM + Informer.keyOf(pvc));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode pvc) {
                queue.add(CLAIM + Informer.keyOf(pvc));
            }

            @Override
            public void onDelete(ObjectNode pvc) {
                // Its volume is released now: reclaim it without waiting for the resync.
                String volume = pvc.path("spec").path("volumeName").asText("");
                if (!volume.isEmpty()) {
                    queue.add(VOLUME + volume);
                }
            }
        });
        resyncTimer = vertx.setPeriodic(resyncMillis, t -> resync());
    }

    @Override
    public void stop() {
        if (resyncTimer >= 0) {
            vertx.cancelTimer(resyncTimer);
        }
        if (queue != null) {
            queue.stop();
        }
    }

    private void resync() {
        caches.volumeStore().informer().list().forEach(pv -> queue.add(VOLUME + Informer.keyOf(pv)));
        caches.claimStore().informer().list().forEach(pvc -> queue.add(CLAIM + Informer.keyOf(pvc)));
    }

    private Future<?> sync(String key) {
        if (key.startsWith(VOLUME)) {
            PersistentVolume volume = caches.volume(key.substring(VOLUME.length()));
            return volume == null ? Future.succeededFuture() : volumeSync.sync(volume);
        }
        Claim claim = caches.claim(key.substring(CLAIM.length()));
        return claim == null ? Future.succeededFuture() : claimSync.sync(claim);
    }
}
