package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.k3j.controller.EventRecorder;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One HPA sync, as upstream's reconcileAutoscaler: read the target's scale (AbleToScale), then — unless the target is
 * at zero (ScalingDisabled) or outside [min, max] (clamped, with upstream's "Current number of replicas below
 * Spec.MinReplicas" reasons) — compute a count from the metrics (ScalingActive), stabilize and rate-limit it
 * (ScalingLimited), write the new scale, and write the status through the status subresource when it changed.
 * Events: FailedGetScale, FailedGet*Metric, FailedComputeMetricsReplicas, SelectorRequired/InvalidSelector/
 * AmbiguousSelector, FailedRescale, SuccessfulRescale "New size: N; reason: ...".
 */
final class HpaReconciler {

    private static final WriteOptions WRITE = WriteOptions.manager("kube-controller-manager");

    private final KubeClient client;
    private final EventRecorder events;
    private final Clock clock;
    private final KindResolver kinds;
    /** The pods of a namespace, from the shared informer's cache. */
    private final Function<String, List<ObjectNode>> podsIn;
    private final MetricEvaluator evaluator;
    private final ScaleHistory history;
    private final int downscaleWindowSeconds;
    /** Each HPA's last target selector, to find pods claimed by two HPAs (upstream's hpaSelectors). */
    private final Map<String, LabelSelector> selectors = new HashMap<>();

    HpaReconciler(KubeClient client, EventRecorder events, Clock clock, KindResolver kinds, Function<String, List<ObjectNode>> podsIn,
                  MetricEvaluator evaluator, ScaleHistory history, Duration downscaleWindow) {
        this.client = client;
        this.events = events;
        this.clock = clock;
        this.kinds = kinds;
        this.podsIn = podsIn;
        this.evaluator = evaluator;
        this.history = history;
        this.downscaleWindowSeconds = (int) downscaleWindow.toSeconds();
    }

    void register(String key) {
        selectors.putIfAbsent(key, LabelSelector.nothing());
    }

    void forget(String key) {
        selectors.remove(key);
        history.forget(key);
    }

    /** The state of one sync: the HPA (as stored, with apiVersion and kind for events), its spec and new status. */
    private record Sync(String key, ObjectNode hpa, HpaSpec spec, HpaStatus status) {
        String namespace() {
            return Meta.namespace(hpa);
        }
    }

    Future<Void> reconcile(String key, ObjectNode stored) {
        ObjectNode hpa = stored.deepCopy();
        if (hpa.path("kind").asText().isEmpty()) {
            hpa.put("kind", "HorizontalPodAutoscaler");
        }
        if (hpa.path("apiVersion").asText().isEmpty()) {
            hpa.put("apiVersion", "autoscaling/v2");
        }
        Sync s = new Sync(key, hpa, HpaSpec.of(hpa), new HpaStatus(hpa));
        return kinds.resolve(s.spec().targetApiVersion(), s.spec().targetKind())
                .compose(target -> client.getPath(scalePath(target.gvr(), s))
                        .map(scale -> new Scale(target.gvr(), (ObjectNode) scale)))
                .transform(ar -> ar.succeeded() ? withScale(s, ar.result()) : failedGetScale(s, ar.cause()));
    }

    private record Scale(GroupVersionResource gvr, ObjectNode object) {
        int specReplicas() {
            return object.path("spec").path("replicas").asInt(0);
        }

        int statusReplicas() {
            return object.path("status").path("replicas").asInt(0);
        }

        String selector() {
            return object.path("status").path("selector").asText("");
        }
    }

    private static String scalePath(GroupVersionResource gvr, Sync s) {
        return GroupVersionResource.pathPrefix(gvr.group(), gvr.version()) + "/namespaces/" + s.namespace() + "/"
                + gvr.resource() + "/" + s.spec().targetName() + "/scale";
    }

    private Future<Void> failedGetScale(Sync s, Throwable e) {
        String msg = String.valueOf(e.getMessage());
        events.warning(s.hpa(), "FailedGetScale", msg);
        s.status().set(new Condition(Condition.ABLE_TO_SCALE, false, "FailedGetScale",
                "the HPA controller was unable to get the target's current scale: " + msg), clock.instant());
        return writeStatus(s).compose(v -> Future.failedFuture(
                "failed to query scale subresource for " + s.spec().reference() + ": " + msg));
    }

    private Future<Void> withScale(Sync s, Scale scale) {
        s.status().set(new Condition(Condition.ABLE_TO_SCALE, true, "SucceededGetScale",
                "the HPA controller was able to get the target's current scale"), clock.instant());
        int current = scale.specReplicas();
        history.recordInitial(s.key(), current);
        HpaSpec spec = s.spec();
        if (current == 0 && spec.minReplicas() != 0) {
            s.status().set(new Condition(Condition.SCALING_ACTIVE, false, "ScalingDisabled",
                    "scaling is disabled since the replica count of the target is zero"), clock.instant());
            return finish(s, scale, current, 0, null, false, "");
        }
        if (current > spec.maxReplicas()) {
            return finish(s, scale, current, spec.maxReplicas(), null, true, "Current number of replicas above Spec.MaxReplicas");
        }
        if (current < spec.minReplicas()) {
            return finish(s, scale, current, spec.minReplicas(), null, true, "Current number of replicas below Spec.MinReplicas");
        }
        return podSelector(s, scale).compose(selector -> evaluator.evaluate(spec.metrics(), new MetricEvaluator.Target(
                        s.namespace(), current, scale.statusReplicas(), selector.toString(), matching(s, selector))))
                .compose(result -> withMetrics(s, scale, current, result),
                        e -> {
                            // the selector was refused: its condition and event are set; keep the counts, drop the metrics
                            s.status().set(current, s.status().desiredReplicas(), null, false, clock.instant());
                            return writeStatus(s).compose(v -> {
                                events.warning(s.hpa(), "FailedComputeMetricsReplicas", e.getMessage());
                                return Future.failedFuture(e);
                            });
                        });
    }

    private Future<Void> withMetrics(Sync s, Scale scale, int current, MetricEvaluator.Result r) {
        r.warnings().forEach(w -> events.warning(s.hpa(), w.reason(), w.message()));
        s.status().set(r.condition(), clock.instant());
        if (r.replicas() == -1) {
            s.status().set(current, s.status().desiredReplicas(), r.statuses(), false, clock.instant());
            return writeStatus(s).compose(v -> {
                events.warning(s.hpa(), "FailedComputeMetricsReplicas", r.error());
                return Future.failedFuture("failed to compute desired number of replicas based on listed metrics for "
                        + s.spec().reference() + ": " + r.error());
            });
        }
        int desired = r.replicas();
        String reason = "";
        if (desired > current) {
            reason = r.metricName() + " above target";
        } else if (desired < current) {
            reason = "All metrics below target";
        }
        HpaSpec spec = s.spec();
        Behavior behavior = Behavior.of(spec.behavior(), downscaleWindowSeconds);
        ScaleHistory.Normalized n = behavior == null
                ? history.normalize(s.key(), current, desired, spec.minReplicas(), spec.maxReplicas())
                : history.normalize(s.key(), behavior, current, desired, spec.minReplicas(), spec.maxReplicas());
        s.status().set(n.ableToScale(), clock.instant());
        s.status().set(n.scalingLimited(), clock.instant());
        return finish(s, scale, current, n.replicas(), r.statuses(), n.replicas() != current, reason);
    }

    /** Rescales when asked, then writes the status (upstream's tail of reconcileAutoscaler). */
    private Future<Void> finish(Sync s, Scale scale, int current, int desired, ArrayNode metrics, boolean rescale,
                                String reason) {
        if (!rescale) {
            s.status().set(current, current, metrics, false, clock.instant());
            return writeStatus(s);
        }
        ObjectNode updated = scale.object().deepCopy();
        ((ObjectNode) updated.path("spec")).put("replicas", desired);
        return client.updateSubresource(scale.gvr(), s.namespace(), updated, "scale", WRITE).transform(ar -> {
            if (ar.failed()) {
                String err = String.valueOf(ar.cause().getMessage());
                events.warning(s.hpa(), "FailedRescale", "New size: " + desired + "; reason: " + reason + "; error: " + err);
                s.status().set(new Condition(Condition.ABLE_TO_SCALE, false, "FailedUpdateScale",
                        "the HPA controller was unable to update the target scale: " + err), clock.instant());
                s.status().set(current, s.status().desiredReplicas(), metrics, false, clock.instant());
                return writeStatus(s).compose(v -> Future.failedFuture("failed to rescale " + s.spec().reference() + ": " + err));
            }
            s.status().set(new Condition(Condition.ABLE_TO_SCALE, true, "SucceededRescale",
                    "the HPA controller was able to update the target scale to " + desired), clock.instant());
            events.normal(s.hpa(), "SuccessfulRescale", "New size: " + desired + "; reason: " + reason);
            history.recordScale(s.key(), Behavior.of(s.spec().behavior(), downscaleWindowSeconds), current, desired);
            s.status().set(current, desired, metrics, true, clock.instant());
            return writeStatus(s);
        });
    }

    /**
     * The target's pod selector from its scale (upstream's validateAndParseSelector): required, parseable, and not
     * selecting pods another HPA's target selects too.
     */
    private Future<LabelSelector> podSelector(Sync s, Scale scale) {
        String text = scale.selector();
        if (text.isEmpty()) {
            events.warning(s.hpa(), "SelectorRequired", "selector is required");
            s.status().set(new Condition(Condition.SCALING_ACTIVE, false, "InvalidSelector",
                    "the HPA target's scale is missing a selector"), clock.instant());
            return Future.failedFuture("selector is required");
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(text);
        } catch (SelectorException e) {
            String msg = "couldn't convert selector into a corresponding internal selector object: " + e.getMessage();
            events.warning(s.hpa(), "InvalidSelector", msg);
            s.status().set(new Condition(Condition.SCALING_ACTIVE, false, "InvalidSelector", msg), clock.instant());
            return Future.failedFuture(msg);
        }
        selectors.put(s.key(), selector);
        TreeSet<String> controlling = new TreeSet<>();
        for (JsonNode pod : matching(s, selector)) {
            for (var e : selectors.entrySet()) {
                String ns = e.getKey().substring(0, e.getKey().indexOf('/'));
                if (ns.equals(s.namespace()) && e.getValue().matches(pod.path("metadata").path("labels"))) {
                    controlling.add(e.getKey());
                }
            }
        }
        if (controlling.size() > 1) {
            List<String> keys = new ArrayList<>();
            controlling.forEach(k -> keys.add("{" + k.substring(k.indexOf('/') + 1) + " " + k.substring(0, k.indexOf('/')) + "}"));
            String msg = "pods by selector " + text + " are controlled by multiple HPAs: [" + String.join(" ", keys) + "]";
            events.warning(s.hpa(), "AmbiguousSelector", msg);
            s.status().set(new Condition(Condition.SCALING_ACTIVE, false, "AmbiguousSelector", msg), clock.instant());
            return Future.failedFuture(msg);
        }
        return Future.succeededFuture(selector);
    }

    private List<ObjectNode> matching(Sync s, LabelSelector selector) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode pod : podsIn.apply(s.namespace())) {
            if (selector.matches(pod.path("metadata").path("labels"))) {
                out.add(pod);
            }
        }
        return out;
    }

    /** Writes the status through the status subresource when it differs from the stored one (upstream's updateStatusIfNeeded). */
    private Future<Void> writeStatus(Sync s) {
        ObjectNode status = s.status().toV2();
        if (withoutNulls(status).equals(withoutNulls(s.hpa().path("status")))) {
            return Future.succeededFuture();
        }
        ObjectNode updated = s.hpa().deepCopy();
        updated.set("status", status);
        return client.updateStatus(HorizontalController.HPAS, s.namespace(), updated, WRITE).<Void>mapEmpty().recover(e ->
                e instanceof KubeApiException k && k.notFound() ? Future.succeededFuture()
                        : Future.failedFuture("failed to update status for " + Meta.name(s.hpa()) + ": " + e.getMessage()));
    }

    private static JsonNode withoutNulls(JsonNode status) {
        if (!status.isObject()) {
            return status;
        }
        ObjectNode copy = ((ObjectNode) status).deepCopy();
        List<String> nulls = new ArrayList<>();
        copy.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        copy.remove(nulls);
        return copy;
    }
}
