package io.k3j.controller.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.ApiDiscovery.ApiResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Empties one namespace of one resource type, as upstream's namespaced-resources deleter: delete the collection
 * (Background propagation; object by object where deletecollection is not served), then list what is left and
 * say why it is left — pods terminating gracefully (with an estimate of how long) or objects held by finalizers.
 */
final class ContentDeleter {

    /** Upstream's guess for content held by finalizers: enough for the garbage collector to get round to it. */
    static final long FINALIZER_ESTIMATE_SECONDS = 15;
    private static final DeleteOptions BACKGROUND = DeleteOptions.propagation("Background");

    /** What remains of one resource type: counts, finalizers, how long to wait and an error if unexplained. */
    record Outcome(GroupVersionResource gvr, int remaining, Map<String, Integer> finalizers, long estimateSeconds,
                   String error) {

        static Outcome empty(GroupVersionResource gvr) {
            return new Outcome(gvr, 0, Map.of(), 0, null);
        }

        static Outcome failed(GroupVersionResource gvr, String error) {
            return new Outcome(gvr, 0, Map.of(), 0, error);
        }
    }

    private final KubeClient client;
    private final Clock clock;

    ContentDeleter(KubeClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    Future<Outcome> deleteAll(String namespace, ApiResource r) {
        GroupVersionResource gvr = r.gvr();
        if (!r.supports("list")) {
            // Nothing to verify against: delete what the collection call reaches and move on, as upstream.
            return r.supports("deletecollection")
                    ? client.deleteCollection(gvr, namespace, ListOptions.NONE, BACKGROUND)
                    .map(v -> Outcome.empty(gvr)).recover(e -> Future.succeededFuture(outcomeOf(gvr, e)))
                    : Future.succeededFuture(Outcome.empty(gvr));
        }
        return list(gvr, namespace).compose(items -> {
            if (items.isEmpty()) {
                return Future.succeededFuture(Outcome.empty(gvr));
            }
            Future<?> deleted = r.supports("deletecollection")
                    ? client.deleteCollection(gvr, namespace, ListOptions.NONE, BACKGROUND)
                    : deleteEach(gvr, namespace, items);
            return deleted.compose(v -> list(gvr, namespace)).map(left -> remaining(gvr, namespace, left));
        }).recover(e -> Future.succeededFuture(outcomeOf(gvr, e)));
    }

    private Outcome remaining(GroupVersionResource gvr, String namespace, List<JsonNode> left) {
        if (left.isEmpty()) {
            return Outcome.empty(gvr);
        }
        Map<String, Integer> finalizers = new TreeMap<>();
        for (JsonNode item : left) {
            Meta.finalizers(item).forEach(f -> finalizers.merge(f, 1, Integer::sum));
        }
        long estimate = isPods(gvr) ? podTerminationEstimate(left) : 0;
        if (estimate > 0) {
            return new Outcome(gvr, left.size(), finalizers, estimate, null);
        }
        if (!finalizers.isEmpty()) {
            return new Outcome(gvr, left.size(), finalizers, FINALIZER_ESTIMATE_SECONDS, null);
        }
        return new Outcome(gvr, left.size(), finalizers, 0, "unexpected items still remain in namespace: " + namespace
                + " for gvr: {" + gvr.group() + " " + gvr.version() + " " + gvr.resource() + "}");
    }

    /** The longest time a remaining pod may still take to terminate (its deletion deadline), at least a second. */
    private long podTerminationEstimate(List<JsonNode> pods) {
        long estimate = 0;
        for (JsonNode p : pods) {
            String phase = p.path("status").path("phase").asText("");
            if (phase.equals("Succeeded") || phase.equals("Failed")) {
                continue;
            }
            long left = Meta.deleting(p)
                    ? Duration.between(clock.instant(), Meta.time(p.path("metadata").path("deletionTimestamp").asText())).toSeconds()
                    : p.path("spec").path("terminationGracePeriodSeconds").asLong(30);
            estimate = Math.max(estimate, Math.max(left, 1));
        }
        return estimate;
    }

    private Future<Void> deleteEach(GroupVersionResource gvr, String namespace, List<JsonNode> items) {
        List<Future<?>> deletes = new ArrayList<>();
        for (JsonNode item : items) {
            deletes.add(client.delete(gvr, namespace, Meta.name(item), BACKGROUND)
                    .recover(e -> e instanceof KubeApiException k && k.notFound()
                            ? Future.succeededFuture() : Future.failedFuture(e)));
        }
        return Future.all(deletes).mapEmpty();
    }

    private Future<List<JsonNode>> list(GroupVersionResource gvr, String namespace) {
        return client.list(gvr, namespace, ListOptions.NONE).map(l -> {
            List<JsonNode> out = new ArrayList<>();
            l.path("items").forEach(out::add);
            return out;
        });
    }

    /** A type that vanished or refuses the verb has nothing we can delete; anything else is a failure to report. */
    private static Outcome outcomeOf(GroupVersionResource gvr, Throwable e) {
        if (e instanceof KubeApiException k && (k.notFound() || k.code() == 405)) {
            return Outcome.empty(gvr);
        }
        return Outcome.failed(gvr, String.valueOf(e.getMessage()));
    }

    static boolean isPods(GroupVersionResource gvr) {
        return gvr.group().isEmpty() && gvr.resource().equals("pods");
    }
}
