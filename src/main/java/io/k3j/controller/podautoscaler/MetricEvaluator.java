package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Upstream's computeReplicasForMetrics: each metric of an HPA proposes a replica count; the largest wins. A metric
 * that fails records a Warning event and a ScalingActive=False condition; if every metric failed, or some failed and
 * the others would scale down, the whole computation fails (replicas -1) so the autoscaler never shrinks on partial
 * data. Statuses are autoscaling/v2 MetricStatus objects, an empty one ({"type":""}) for each failed metric as
 * upstream leaves them.
 */
public final class MetricEvaluator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A Warning event to record on the HPA. */
    public record Warning(String reason, String message) {
    }

    /**
     * The result: {@code replicas} -1 when no count could be computed; {@code error} set whenever some metric
     * failed (upstream's "invalid metrics (N invalid out of M), first error is: ..."); {@code condition} the
     * ScalingActive condition to set.
     */
    public record Result(int replicas, String metricName, ArrayNode statuses, Condition condition,
                         List<Warning> warnings, String error) {
    }

    /** What the metrics are measured over: the target's namespace, scale and pods. */
    public record Target(String namespace, int specReplicas, int statusReplicas, String podSelector,
                         List<? extends JsonNode> pods) {
    }

    private record Proposal(int replicas, String metricName, ObjectNode status) {
    }

    /** One metric's failure: its condition and (already wrapped as upstream) error, plus the event to record. */
    private static final class Failed extends RuntimeException {
        final Condition condition;
        final Warning warning;

        Failed(String reason, String eventMessage, String error) {
            super(error, null, false, false);
            this.warning = new Warning(reason, eventMessage);
            this.condition = new Condition(Condition.SCALING_ACTIVE, false, reason,
                    "the HPA was unable to compute the replica count: " + eventMessage);
        }
    }

    private final MetricsSource metricsSource;
    private final ReplicaCalculator calc;

    public MetricEvaluator(MetricsSource source, ReplicaCalculator calc) {
        this.metricsSource = source;
        this.calc = calc;
    }

    /** Evaluates {@code specs} (autoscaling/v2 MetricSpecs) one after another. */
    public Future<Result> evaluate(JsonNode specs, Target target) {
        int count = specs.size();
        List<Object> outcomes = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (JsonNode spec : specs) {
            chain = chain.compose(v -> one(spec, target).transform(ar -> {
                outcomes.add(ar.succeeded() ? ar.result() : ar.cause());
                return Future.<Void>succeededFuture();
            }));
        }
        return chain.map(v -> combine(outcomes, count, target.specReplicas()));
    }

    private Result combine(List<Object> outcomes, int count, int specReplicas) {
        ArrayNode statuses = JSON.arrayNode();
        List<Warning> warnings = new ArrayList<>();
        int replicas = 0;
        String metric = "";
        int invalid = 0;
        Failed first = null;
        for (Object o : outcomes) {
            if (o instanceof Proposal p) {
                statuses.add(p.status());
                if (replicas == 0 || p.replicas() > replicas) {
                    replicas = p.replicas();
                    metric = p.metricName();
                }
                continue;
            }
            Failed f = o instanceof Failed ff ? ff : new Failed("FailedGetMetric", String.valueOf(((Throwable) o).getMessage()),
                    String.valueOf(((Throwable) o).getMessage()));
            statuses.addObject().put("type", "");
            warnings.add(f.warning);
            if (invalid == 0) {
                first = f;
            }
            invalid++;
        }
        String error = first == null ? null
                : "invalid metrics (" + invalid + " invalid out of " + count + "), first error is: " + first.getMessage();
        if (invalid >= count || (invalid > 0 && replicas < specReplicas)) {
            return new Result(-1, "", statuses, first.condition, warnings, error);
        }
        return new Result(replicas, metric, statuses, new Condition(Condition.SCALING_ACTIVE, true, "ValidMetricFound",
                "the HPA was able to successfully calculate a replica count from " + metric), warnings, error);
    }

    private Future<Proposal> one(JsonNode spec, Target t) {
        String type = spec.path("type").asText();
        return switch (type) {
            case "Resource" -> resource(spec.path("resource"), "", t)
                    .recover(e -> fail(e, "FailedGetResourceMetric",
                            "failed to get " + spec.path("resource").path("name").asText() + " resource metric value: "));
            case "ContainerResource" -> resource(spec.path("containerResource"),
                    spec.path("containerResource").path("container").asText(), t)
                    .recover(e -> fail(e, "FailedGetContainerResourceMetric",
                            "failed to get " + spec.path("containerResource").path("name").asText() + " container metric value: "));
            case "Pods" -> pods(spec.path("pods"), t)
                    .recover(e -> fail(e, "FailedGetPodsMetric", "failed to get pods metric value: "));
            case "Object" -> object(spec.path("object"), t)
                    .recover(e -> fail(e, "FailedGetObjectMetric", "failed to get object metric value: "));
            case "External" -> external(spec.path("external"), t)
                    .recover(e -> fail(e, "FailedGetExternalMetric", "failed to get external metric value: "));
            default -> {
                String msg = "unknown metric source type \"" + type + "\"";
                yield Future.failedFuture(new Failed("InvalidMetricSourceType", msg, msg));
            }
        };
    }

    /** A metric's own error becomes the event and condition; the outer error adds upstream's per-type prefix. */
    private static Future<Proposal> fail(Throwable e, String reason, String outerPrefix) {
        String msg = String.valueOf(e.getMessage());
        return Future.failedFuture(new Failed(reason, msg, outerPrefix + msg));
    }

    private Future<Proposal> resource(JsonNode source, String container, Target t) {
        String name = source.path("name").asText();
        JsonNode target = source.path("target");
        boolean containerMetric = !container.isEmpty();
        if (present(target.path("averageValue"))) {
            long targetUsage = MilliQuantity.of(target.path("averageValue"));
            return fetchResource(name, container, t, "failed to get " + name + " usage: ").map(m -> {
                ReplicaCalculator.Usage u = wrap("failed to get " + name + " usage: ",
                        () -> calc.plainReplicas(t.specReplicas(), targetUsage, name, t.pods(), m.byPod()));
                ObjectNode current = JSON.objectNode().put("averageValue", MilliQuantity.format(u.usage()));
                return new Proposal(u.replicas(), name + " resource", resourceStatus(name, container, current));
            });
        }
        if (!target.path("averageUtilization").isNumber()) {
            return Future.failedFuture(new MetricException("invalid resource metric source: neither an average "
                    + "utilization target nor an average value (usage) target was set"));
        }
        int targetUtilization = target.path("averageUtilization").asInt();
        return fetchResource(name, container, t, "failed to get " + name + " utilization: ").map(m -> {
            ReplicaCalculator.Utilization u = wrap("failed to get " + name + " utilization: ",
                    () -> calc.resourceReplicas(t.specReplicas(), targetUtilization, name, container, t.pods(), m.byPod()));
            ObjectNode current = JSON.objectNode().put("averageValue", MilliQuantity.format(u.rawAverage()))
                    .put("averageUtilization", u.utilization());
            String metric = name + (containerMetric ? " container" : "") + " resource utilization (percentage of request)";
            return new Proposal(u.replicas(), metric, resourceStatus(name, container, current));
        });
    }

    private Future<PodMetrics> fetchResource(String name, String container, Target t, String prefix) {
        return metricsSource.resourceMetric(name, t.namespace(), t.podSelector(), container).recover(e -> Future.failedFuture(
                new MetricException(prefix + "unable to get metrics for resource " + name + ": " + e.getMessage())));
    }

    private static ObjectNode resourceStatus(String name, String container, ObjectNode current) {
        ObjectNode status = JSON.objectNode();
        if (container.isEmpty()) {
            status.put("type", "Resource").putObject("resource").put("name", name).set("current", current);
        } else {
            status.put("type", "ContainerResource").putObject("containerResource").put("name", name)
                    .put("container", container).set("current", current);
        }
        return status;
    }

    private Future<Proposal> pods(JsonNode source, Target t) {
        String name = source.path("metric").path("name").asText();
        long targetUsage = MilliQuantity.of(source.path("target").path("averageValue"));
        return Future.<String>succeededFuture().compose(v -> metricsSource.podsMetric(name, t.namespace(), t.podSelector(),
                        GoSelectorText.query(source.path("metric").get("selector"))))
                .recover(e -> Future.failedFuture(new MetricException("unable to get metric " + name + ": " + e.getMessage())))
                .map(m -> {
                    ReplicaCalculator.Usage u = calc.plainReplicas(t.specReplicas(), targetUsage, "", t.pods(), m.byPod());
                    ObjectNode status = JSON.objectNode().put("type", "Pods");
                    ObjectNode pods = status.putObject("pods");
                    pods.set("metric", source.path("metric").deepCopy());
                    pods.putObject("current").put("averageValue", MilliQuantity.format(u.usage()));
                    return new Proposal(u.replicas(), "pods metric " + name, status);
                });
    }

    private Future<Proposal> object(JsonNode source, Target t) {
        String name = source.path("metric").path("name").asText();
        JsonNode described = source.path("describedObject");
        JsonNode target = source.path("target");
        boolean value = "Value".equals(target.path("type").asText()) && present(target.path("value"));
        boolean average = "AverageValue".equals(target.path("type").asText()) && present(target.path("averageValue"));
        if (!value && !average) {
            return Future.failedFuture(new MetricException(
                    "invalid object metric source: neither a value target nor an average value target was set"));
        }
        var ref = new MetricsSource.ObjectTarget(described.path("apiVersion").asText(), described.path("kind").asText(),
                described.path("name").asText());
        return Future.<String>succeededFuture()
                .compose(v -> metricsSource.objectMetric(name, t.namespace(), ref, GoSelectorText.query(source.path("metric").get("selector"))))
                .recover(e -> Future.failedFuture(new MetricException("unable to get metric " + name + ": " + ref.kind()
                        + " on " + t.namespace() + " " + ref.name() + "/" + e.getMessage())))
                .map(m -> {
                    ObjectNode status = JSON.objectNode().put("type", "Object");
                    ObjectNode object = status.putObject("object");
                    object.set("metric", source.path("metric").deepCopy());
                    int replicas;
                    if (value) {
                        long targetValue = MilliQuantity.of(target.path("value"));
                        replicas = calc.usageRatioReplicas(t.specReplicas(), (double) m.milliValue() / targetValue, t.pods());
                        object.putObject("current").put("value", MilliQuantity.format(m.milliValue()));
                    } else {
                        var u = calc.perPodReplicas(t.statusReplicas(), m.milliValue(), MilliQuantity.of(target.path("averageValue")));
                        replicas = u.replicas();
                        object.putObject("current").put("averageValue", MilliQuantity.format(u.usage()));
                    }
                    object.set("describedObject", described.deepCopy());
                    return new Proposal(replicas, ref.kind() + " metric " + name, status);
                });
    }

    private Future<Proposal> external(JsonNode source, Target t) {
        String name = source.path("metric").path("name").asText();
        JsonNode selector = source.path("metric").get("selector");
        JsonNode target = source.path("target");
        boolean average = present(target.path("averageValue"));
        boolean value = present(target.path("value"));
        if (!average && !value) {
            return Future.failedFuture(new MetricException(
                    "invalid external metric source: neither a value target nor an average value target was set"));
        }
        String goSelector = GoSelectorText.goValue(selector);
        return Future.<String>succeededFuture()
                .compose(v -> metricsSource.externalMetric(name, t.namespace(), GoSelectorText.query(selector)))
                .recover(e -> Future.failedFuture(new MetricException((average ? "failed to get " + name + " external metric: "
                        : "failed to get external metric " + name + ": ") + "unable to get external metric "
                        + t.namespace() + "/" + name + "/" + goSelector + ": " + e.getMessage())))
                .map(m -> {
                    ObjectNode status = JSON.objectNode().put("type", "External");
                    ObjectNode external = status.putObject("external");
                    external.set("metric", source.path("metric").deepCopy());
                    int replicas;
                    if (average) {
                        var u = calc.perPodReplicas(t.statusReplicas(), m.milliValue(), MilliQuantity.of(target.path("averageValue")));
                        replicas = u.replicas();
                        external.putObject("current").put("averageValue", MilliQuantity.format(u.usage()));
                    } else {
                        long targetValue = MilliQuantity.of(target.path("value"));
                        replicas = calc.usageRatioReplicas(t.specReplicas(), (double) m.milliValue() / targetValue, t.pods());
                        external.putObject("current").put("value", MilliQuantity.format(m.milliValue()));
                    }
                    return new Proposal(replicas, "external metric " + name + "(" + goSelector + ")", status);
                });
    }

    private static <T> T wrap(String prefix, Supplier<T> calculation) {
        try {
            return calculation.get();
        } catch (MetricException e) {
            throw new MetricException(prefix + e.getMessage());
        }
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isMissingNode() && !n.isNull();
    }
}
