package io.k3j.controller.namespace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.ApiDiscovery;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.namespace.ContentDeleter.Outcome;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.k3j.controller.support.Resources.NAMESPACES;

/**
 * Upstream's namespace controller: a namespace being deleted (the API server marks it Terminating and keeps it while
 * spec.finalizers holds "kubernetes") is emptied — pods first, then every other namespaced resource the server
 * serves, custom ones included — and then finalized, which lets the API server remove it. Progress and trouble are
 * reported in the namespace's status conditions. Keyed by namespace name.
 */
public final class NamespaceController implements Controller {

    public static final String NAME = "namespace";
    static final String FINALIZER = "kubernetes";
    private static final WriteOptions WRITE = WriteOptions.manager("namespace-controller");
    /** Re-checks of content still going away start fast and slow down to upstream's estimate. */
    private static final long FIRST_RECHECK_MS = 500;

    private KubeClient client;
    private Clock clock;
    private ContentDeleter deleter;
    private Informer namespaces;
    private WorkQueue queue;
    /** Delay of the next re-check per namespace (forgotten when the namespace is done). */
    private final Map<String, Long> recheckMs = new HashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        clock = ctx.clock();
        deleter = new ContentDeleter(client, clock);
        namespaces = ctx.informers().of(NAMESPACES);
        queue = new WorkQueue(ctx.vertx(), NAME, 4, this::sync);
        namespaces.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode ns) {
                enqueue(ns);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode ns) {
                enqueue(ns);
            }
        });
    }

    private void enqueue(ObjectNode ns) {
        if (Meta.deleting(ns)) {
            queue.add(Meta.name(ns));
        }
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    Future<?> sync(String name) {
        // A fresh read: the cache may lag behind a finalize we just did, and acting on it twice is wasted work.
        return client.get(NAMESPACES, "", name).compose(ns -> {
            if (!Meta.deleting(ns) || !specFinalizers(ns).contains(FINALIZER)) {
                recheckMs.remove(name);
                return Future.succeededFuture();
            }
            return ensureTerminating(ns).compose(this::emptyAndFinalize);
        }, e -> {
            if (e instanceof KubeApiException k && k.notFound()) {
                recheckMs.remove(name);
                return Future.succeededFuture();
            }
            return Future.failedFuture(e);
        });
    }

    /** The API server sets the phase on delete; a namespace deleted by an older writer may still lack it. */
    private Future<ObjectNode> ensureTerminating(ObjectNode ns) {
        if ("Terminating".equals(ns.path("status").path("phase").asText())) {
            return Future.succeededFuture(ns);
        }
        ObjectNode copy = ns.deepCopy();
        copy.with("status").put("phase", "Terminating");
        return client.updateStatus(NAMESPACES, "", copy, WRITE);
    }

    private Future<?> emptyAndFinalize(ObjectNode ns) {
        String name = Meta.name(ns);
        DeletionConditions conditions = new DeletionConditions();
        return ApiDiscovery.discover(client).compose(found -> {
            List<String> discoveryErrors = new ArrayList<>();
            if (!found.failures().isEmpty()) {
                conditions.discoveryFailed(found.failures().size(), found.failureMessage());
                discoveryErrors.add(found.failureMessage());
            }
            List<ApiResource> deletable = found.preferred().stream()
                    .filter(r -> r.namespaced() && r.supports("delete")).toList();
            // Pods go first and must be gone before anything else is deleted (upstream's ordered namespace
            // deletion), so no pod outlives the policies and secrets that govern it.
            List<ApiResource> pods = deletable.stream().filter(r -> ContentDeleter.isPods(r.gvr())).toList();
            List<ApiResource> rest = deletable.stream().filter(r -> !ContentDeleter.isPods(r.gvr())).toList();
            return deleteEach(name, pods).compose(podOutcomes -> {
                if (podOutcomes.stream().anyMatch(o -> o.remaining() > 0 || o.error() != null)) {
                    return Future.succeededFuture(podOutcomes);
                }
                return deleteEach(name, rest);
            }).compose(outcomes -> report(ns, conditions, discoveryErrors, outcomes));
        });
    }

    private Future<List<Outcome>> deleteEach(String namespace, List<ApiResource> resources) {
        List<Future<Outcome>> all = new ArrayList<>();
        for (ApiResource r : resources) {
            all.add(deleter.deleteAll(namespace, r));
        }
        return Future.all(all).map(v -> all.stream().map(Future::result).toList());
    }

    private Future<?> report(ObjectNode ns, DeletionConditions conditions, List<String> discoveryErrors,
                             List<Outcome> outcomes) {
        String name = Meta.name(ns);
        List<String> deletionErrors = new ArrayList<>();
        Map<GroupVersionResource, Integer> byResource = new TreeMap<>(java.util.Comparator.comparing(GroupVersionResource::toString));
        Map<String, Integer> byFinalizer = new TreeMap<>();
        long estimate = 0;
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                deletionErrors.add(o.error());
            }
            if (o.remaining() > 0) {
                byResource.put(o.gvr(), o.remaining());
                o.finalizers().forEach((f, n) -> byFinalizer.merge(f, n, Integer::sum));
            }
            estimate = Math.max(estimate, o.estimateSeconds());
        }
        conditions.deletionFailed(deletionErrors);
        List<String> errors = new ArrayList<>(discoveryErrors);
        errors.addAll(deletionErrors);
        conditions.remaining(byResource, byFinalizer);
        long waitSeconds = estimate;
        return writeConditions(ns, conditions).compose(updated -> {
            if (!errors.isEmpty()) {
                return Future.failedFuture(new IllegalStateException(DeletionConditions.aggregate(errors)));
            }
            if (!byResource.isEmpty()) {
                recheck(name, waitSeconds);
                return Future.succeededFuture();
            }
            recheckMs.remove(name);
            return finalizeNamespace(updated);
        });
    }

    /** Content is still going away: look again soon, backing off to upstream's estimate/2 + 1 s. */
    private void recheck(String name, long estimateSeconds) {
        long ceiling = (estimateSeconds / 2 + 1) * 1000;
        long next = Math.min(recheckMs.getOrDefault(name, FIRST_RECHECK_MS / 2) * 2, ceiling);
        recheckMs.put(name, next);
        queue.addAfter(name, next);
    }

    private Future<ObjectNode> writeConditions(ObjectNode ns, DeletionConditions conditions) {
        ArrayNode merged = conditions.merge(ns.path("status").path("conditions"), clock.instant());
        if (merged == null) {
            return Future.succeededFuture(ns);
        }
        ObjectNode copy = ns.deepCopy();
        copy.with("status").set("conditions", merged);
        return client.updateStatus(NAMESPACES, "", copy, WRITE);
    }

    /** PUT finalize without our token; the API server removes the namespace once no finalizer of either kind is left. */
    private Future<?> finalizeNamespace(ObjectNode ns) {
        ObjectNode copy = ns.deepCopy();
        ArrayNode left = copy.with("spec").putArray("finalizers");
        specFinalizers(ns).stream().filter(f -> !f.equals(FINALIZER)).forEach(left::add);
        return client.updateSubresource(NAMESPACES, "", copy, "finalize", WRITE)
                .recover(e -> e instanceof KubeApiException k && k.notFound()
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private static List<String> specFinalizers(ObjectNode ns) {
        List<String> out = new ArrayList<>();
        ns.path("spec").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }
}
