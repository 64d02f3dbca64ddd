package io.k3j.controller.gc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.ApiDiscovery;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.client.Informer;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.WorkQueue;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's garbage collector. One metadata-only informer ("monitor") per resource that can be listed, watched and
 * deleted (found by discovery, re-run every 30 s so custom resources join) feeds an {@link OwnerGraph}; graph changes
 * queue objects for {@link AttemptToDelete} (Background and Foreground cascading, dangling owners) and owners for
 * {@link AttemptToOrphan}. Nothing acts before every monitor has listed once, so the graph is complete when it is
 * trusted. Queues carry uids; all graph work runs on the collector's context.
 */
public final class GarbageCollector implements Controller {

    public static final String NAME = "garbage-collector";
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
    private static final long DISCOVERY_PERIOD_MS = 30_000;
    /** Events are never owners nor owned (upstream ignores them), and there are many. */
    private static final Set<String> IGNORED = Set.of("/events", "events.k8s.io/events");

    private Vertx vertx;
    private KubeClient client;
    private final OwnerGraph graph = new OwnerGraph();
    private OwnerLookup lookup;
    private final Map<GroupVersionResource, Informer> monitors = new HashMap<>();
    private final Promise<Void> synced = Promise.promise();
    private WorkQueue attemptToDelete;
    private WorkQueue attemptToOrphan;
    private long timer = -1;
    private boolean stopped;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        vertx = ctx.vertx();
        client = ctx.client();
        lookup = new OwnerLookup(client);
        MetadataWrites writes = new MetadataWrites(client);
        AttemptToDelete deleter = new AttemptToDelete(graph, lookup, writes, ctx.recorder("garbage-collector-controller"),
                uid -> attemptToDelete.add(uid));
        AttemptToOrphan orphaner = new AttemptToOrphan(graph, lookup, writes);
        attemptToDelete = new WorkQueue(vertx, NAME + "-delete", 8, uid -> synced.future().compose(v -> deleter.run(uid)));
        attemptToOrphan = new WorkQueue(vertx, NAME + "-orphan", 4, uid -> synced.future().compose(v -> orphaner.run(uid)));
        discover();
        timer = vertx.setPeriodic(DISCOVERY_PERIOD_MS, t -> discover());
    }

    @Override
    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        monitors.values().forEach(Informer::stop);
        monitors.clear();
        if (attemptToDelete != null) {
            attemptToDelete.stop();
            attemptToOrphan.stop();
        }
    }

    /** Objects in the graph (for tests and metrics). */
    public int graphSize() {
        return graph.size();
    }

    private void discover() {
        ApiDiscovery.discover(client).onComplete(ar -> {
            if (stopped) {
                return;
            }
            if (ar.failed()) {
                LOG.log(Level.FINE, "discovery failed", new Object[]{"error", String.valueOf(ar.cause().getMessage())});
                if (!synced.future().isComplete()) {
                    vertx.setTimer(1_000, t -> discover());
                }
                return;
            }
            lookup.discovered(ar.result());
            syncMonitors(ar.result());
        });
    }

    /** Starts monitors for new resources and stops those of resources no longer served. */
    private void syncMonitors(ApiDiscovery.Result found) {
        Set<GroupVersionResource> wanted = new java.util.HashSet<>();
        for (ApiResource r : found.preferred()) {
            if (r.supports("list", "watch", "delete") && !IGNORED.contains(r.gvr().group() + "/" + r.gvr().resource())) {
                wanted.add(r.gvr());
            }
        }
        for (GroupVersionResource gvr : List.copyOf(monitors.keySet())) {
            boolean groupFailed = found.failures().containsKey(gvr.apiVersion());
            if (!wanted.contains(gvr) && !groupFailed) {
                monitors.remove(gvr).stop();
            }
        }
        List<Future<Void>> started = new ArrayList<>();
        for (GroupVersionResource gvr : wanted) {
            if (!monitors.containsKey(gvr)) {
                Informer monitor = monitor(gvr);
                monitors.put(gvr, monitor);
                started.add(monitor.start());
            }
        }
        if (!synced.future().isComplete()) {
            Future.all(started).onSuccess(v -> {
                LOG.log(Level.FINE, "garbage collector synced", new Object[]{"resources", monitors.size(), "objects", graph.size()});
                synced.tryComplete();
            });
        }
    }

    private Informer monitor(GroupVersionResource gvr) {
        Informer inf = new Informer(vertx, client, gvr, "", ListOptions.NONE, 0).withTransform(GarbageCollector::metadataOnly);
        inf.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                observed(gvr, obj);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode obj) {
                if (!Meta.uid(old).equals(Meta.uid(obj))) {
                    gone(gvr, old); // deleted and recreated under the same name between two events
                }
                observed(gvr, obj);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                gone(gvr, obj);
            }
        });
        return inf;
    }

    /** The graph builder's add/update: (re)link the object and queue whatever its state calls for. */
    private void observed(GroupVersionResource source, ObjectNode obj) {
        String uid = Meta.uid(obj);
        List<OwnerRef> owners = OwnerRef.of(obj);
        GraphNode node = graph.get(uid);
        if (node == null) {
            node = new GraphNode(uid, obj.path("apiVersion").asText(), obj.path("kind").asText(), Meta.namespace(obj),
                    Meta.name(obj), source, owners);
            graph.put(node);
            if (needsOwnerCheck(node)) {
                attemptToDelete.add(uid);
            }
        } else if (!node.owners.equals(owners)) {
            List<OwnerRef> before = node.owners;
            graph.setOwners(node, owners);
            for (OwnerRef r : before) {
                OwnerRef now = node.ownerRef(r.uid());
                if (r.blockOwnerDeletion() && (now == null || !now.blockOwnerDeletion())) {
                    wakeIfWaiting(r.uid()); // an owner in foreground deletion may have waited for just this
                }
            }
            if (needsOwnerCheck(node)) {
                attemptToDelete.add(uid);
            }
        }
        node.beingDeleted = Meta.deleting(obj);
        if (node.beingDeleted && Meta.hasFinalizer(obj, ORPHAN)) {
            attemptToOrphan.add(uid);
        }
        boolean foreground = node.beingDeleted && Meta.hasFinalizer(obj, FOREGROUND);
        node.deletingDependents = foreground;
        if (foreground) {
            graph.dependentsOf(uid).forEach(attemptToDelete::add);
            attemptToDelete.add(uid);
        }
    }

    /** Owners the graph does not hold (or holds in another namespace), or that wait for their dependents. */
    private boolean needsOwnerCheck(GraphNode node) {
        for (OwnerRef r : node.owners) {
            GraphNode owner = graph.get(r.uid());
            if (owner == null || !node.canBeOwnedBy(owner) || owner.deletingDependents) {
                return true;
            }
        }
        return false;
    }

    /** The graph builder's delete: dependents may now be orphans, owners may have waited for this one. */
    private void gone(GroupVersionResource source, ObjectNode obj) {
        String uid = Meta.uid(obj);
        GraphNode node = graph.get(uid);
        if (node == null || !node.source.equals(source)) {
            return;
        }
        graph.remove(uid);
        graph.dependentsOf(uid).forEach(attemptToDelete::add);
        node.owners.forEach(r -> wakeIfWaiting(r.uid()));
    }

    private void wakeIfWaiting(String ownerUid) {
        GraphNode owner = graph.get(ownerUid);
        if (owner != null && owner.deletingDependents) {
            attemptToDelete.add(ownerUid);
        }
    }

    /** What the graph needs of an object; the rest is dropped so the collector's caches stay small. */
    static ObjectNode metadataOnly(ObjectNode obj) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("apiVersion", obj.get("apiVersion"));
        out.set("kind", obj.get("kind"));
        ObjectNode meta = out.putObject("metadata");
        JsonNode m = obj.path("metadata");
        for (String f : new String[]{"name", "namespace", "uid", "resourceVersion", "deletionTimestamp", "finalizers",
                "ownerReferences"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f));
            }
        }
        return out;
    }

    /** An object reference for events about a graph node. */
    static ObjectNode reference(GraphNode node) {
        ObjectNode o = Meta.object(node.apiVersion, node.kind, node.namespace, node.name);
        ((ObjectNode) o.get("metadata")).put("uid", node.uid);
        return o;
    }
}
