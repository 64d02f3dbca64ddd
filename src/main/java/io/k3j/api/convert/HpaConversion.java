package io.k3j.api.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * HorizontalPodAutoscaler between autoscaling/v1 and autoscaling/v2, the version it is stored in, with upstream's
 * rules. v1 has a single CPU target and CPU reading; whatever else a v2 object holds travels in four annotations on
 * the v1 form ({@code autoscaling.alpha.kubernetes.io/metrics}, {@code current-metrics}, {@code conditions},
 * {@code behavior}), so a v1 client that reads, changes and writes back an object loses nothing:
 * <ul>
 *   <li>v2 → v1: {@code targetCPUUtilizationPercentage} is the first CPU metric with a utilization target; every
 *       other metric goes to the metrics annotation; all current metrics (the CPU one included, for its raw value)
 *       to current-metrics, the CPU utilization also to {@code currentCPUUtilizationPercentage}; conditions and
 *       behavior to their annotations.</li>
 *   <li>v1 → v2: the annotated metrics, then the CPU target; 80% CPU when that leaves none (v1's implicit
 *       default); the annotations replace current metrics and conditions and give behavior; the four annotations
 *       are dropped. A v2 object never carries them either: they are dropped on the way in and out.</li>
 * </ul>
 * An annotation that does not decode is ignored, as upstream ignores it.
 */
final class HpaConversion implements KindConversion {

    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";
    private static final List<String> ROUND_TRIP = List.of(METRICS, BEHAVIOR, CURRENT_METRICS, CONDITIONS);
    /** v1's implicit target, applied when converting a v1 object without one. */
    private static final int DEFAULT_CPU_UTILIZATION = 80;

    @Override
    public String group() {
        return "autoscaling";
    }

    @Override
    public String resource() {
        return "horizontalpodautoscalers";
    }

    @Override
    public String kind() {
        return "HorizontalPodAutoscaler";
    }

    @Override
    public String hubVersion() {
        return "v2";
    }

    @Override
    public List<String> versions() {
        return List.of("v2", "v1");
    }

    @Override
    public ObjectNode toHub(ObjectNode obj) {
        if (versionOf(obj).equals("v1")) {
            return v1ToV2(obj);
        }
        ObjectNode copy = obj.deepCopy();
        copy.put("apiVersion", apiVersion("v2"));
        dropRoundTripAnnotations(copy);
        return copy;
    }

    @Override
    public ObjectNode fromHub(ObjectNode hub, String version) {
        if (version.equals("v1")) {
            return v2ToV1(hub);
        }
        ObjectNode copy = hub.deepCopy();
        copy.put("apiVersion", apiVersion(version));
        dropRoundTripAnnotations(copy);
        return copy;
    }

    private ObjectNode v2ToV1(ObjectNode v2) {
        ObjectNode out = node();
        copyTypeAndMeta(v2, out, "v1");
        dropRoundTripAnnotations(out);
        JsonNode spec = v2.path("spec");
        JsonNode metrics = spec.path("metrics");
        ObjectNode outSpec = out.putObject("spec");
        copyIfPresent(spec, "scaleTargetRef", outSpec);
        copyIfPresent(spec, "minReplicas", outSpec);
        copyIfPresent(spec, "maxReplicas", outSpec);
        ArrayNode others = JsonNodeFactory.instance.arrayNode();
        for (JsonNode m : metrics) {
            if (isCpuUtilizationTarget(m)) {
                if (!outSpec.has("targetCPUUtilizationPercentage")) {
                    outSpec.set("targetCPUUtilizationPercentage", m.path("resource").path("target").get("averageUtilization"));
                }
            } else {
                others.add(HpaMetricsV1.specToV1(m));
            }
        }
        JsonNode status = v2.get("status");
        ArrayNode currentMetrics = JsonNodeFactory.instance.arrayNode();
        ArrayNode conditions = JsonNodeFactory.instance.arrayNode();
        if (status instanceof ObjectNode s) {
            ObjectNode outStatus = out.putObject("status");
            copyIfPresent(s, "observedGeneration", outStatus);
            copyIfPresent(s, "lastScaleTime", outStatus);
            outStatus.put("currentReplicas", s.path("currentReplicas").asInt(0));
            outStatus.put("desiredReplicas", s.path("desiredReplicas").asInt(0));
            for (JsonNode m : s.path("currentMetrics")) {
                currentMetrics.add(HpaMetricsV1.statusToV1(m));
                JsonNode util = m.path("resource").path("current").get("averageUtilization");
                if ("Resource".equals(m.path("type").asText()) && "cpu".equals(m.path("resource").path("name").asText())
                        && util != null && !util.isNull()) {
                    outStatus.set("currentCPUUtilizationPercentage", util);
                }
            }
            for (JsonNode c : s.path("conditions")) {
                conditions.add(condition(c));
            }
        }
        if (!others.isEmpty()) {
            annotations(out).put(METRICS, others.toString());
        }
        if (!currentMetrics.isEmpty()) {
            annotations(out).put(CURRENT_METRICS, currentMetrics.toString());
        }
        if (spec.get("behavior") instanceof ObjectNode behavior) {
            annotations(out).put(BEHAVIOR, HpaBehaviorAnnotation.encode(behavior));
        }
        if (!conditions.isEmpty()) {
            annotations(out).put(CONDITIONS, conditions.toString());
        }
        copyRest(v2, out);
        return out;
    }

    private ObjectNode v1ToV2(ObjectNode v1) {
        ObjectNode out = node();
        copyTypeAndMeta(v1, out, "v2");
        JsonNode annotations = v1.path("metadata").path("annotations");
        JsonNode spec = v1.path("spec");
        ObjectNode outSpec = out.putObject("spec");
        copyIfPresent(spec, "scaleTargetRef", outSpec);
        copyIfPresent(spec, "minReplicas", outSpec);
        copyIfPresent(spec, "maxReplicas", outSpec);
        ArrayNode metrics = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> annotated = objects(annotations.path(METRICS).asText(null));
        ArrayNode decoded = annotated == null ? null : decodeAll(annotated, HpaMetricsV1::specToV2);
        if (decoded != null) {
            metrics.addAll(decoded);
        }
        JsonNode target = spec.get("targetCPUUtilizationPercentage");
        if (target != null && !target.isNull()) {
            metrics.add(cpuTarget(target.asInt()));
        }
        if (metrics.isEmpty()) {
            metrics.add(cpuTarget(DEFAULT_CPU_UTILIZATION));
        }
        outSpec.set("metrics", metrics);
        String behaviorText = annotations.path(BEHAVIOR).asText(null);
        ObjectNode behavior = behaviorText == null ? null : HpaBehaviorAnnotation.decode(behaviorText);
        if (behavior != null) {
            outSpec.set("behavior", behavior);
        }
        status(v1, annotations, out);
        copyRest(v1, out);
        dropRoundTripAnnotations(out);
        return out;
    }

    /** v1's status fields, then what the current-metrics and conditions annotations hold. */
    private static void status(ObjectNode v1, JsonNode annotations, ObjectNode out) {
        JsonNode status = v1.get("status");
        List<JsonNode> currentAnnotated = objects(annotations.path(CURRENT_METRICS).asText(null));
        ArrayNode current = currentAnnotated == null ? null : decodeAll(currentAnnotated, HpaMetricsV1::statusToV2);
        List<JsonNode> conditions = objects(annotations.path(CONDITIONS).asText(null));
        if (!(status instanceof ObjectNode) && current == null && conditions == null) {
            return;
        }
        ObjectNode outStatus = out.putObject("status");
        if (status instanceof ObjectNode s) {
            copyIfPresent(s, "observedGeneration", outStatus);
            copyIfPresent(s, "lastScaleTime", outStatus);
            if (s.path("currentReplicas").asInt(0) != 0) {
                outStatus.set("currentReplicas", s.get("currentReplicas")); // omitempty in v2
            }
            outStatus.put("desiredReplicas", s.path("desiredReplicas").asInt(0));
            JsonNode cpu = s.get("currentCPUUtilizationPercentage");
            if (cpu != null && !cpu.isNull()) {
                ObjectNode m = outStatus.putArray("currentMetrics").addObject().put("type", "Resource");
                m.putObject("resource").put("name", "cpu").putObject("current").set("averageUtilization", cpu);
            }
        }
        if (current != null) {
            outStatus.set("currentMetrics", current);
        }
        if (conditions != null) {
            ArrayNode list = outStatus.putArray("conditions");
            conditions.forEach(c -> list.add(condition(c)));
        }
    }

    /** Every annotated metric converted, or null when one holds a quantity Go cannot parse (the annotation is ignored). */
    private static ArrayNode decodeAll(List<JsonNode> items, java.util.function.Function<JsonNode, ObjectNode> convert) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        try {
            items.forEach(m -> out.add(convert.apply(m)));
        } catch (io.k3j.api.quantity.InvalidQuantityException e) {
            return null;
        }
        return out;
    }

    /** A condition as Go's type prints it (lastTransitionTime null when unset; reason, message omitted if empty). */
    private static ObjectNode condition(JsonNode c) {
        ObjectNode out = node();
        out.put("type", GoJson.text(c, "type"));
        out.put("status", GoJson.text(c, "status"));
        JsonNode time = GoJson.field(c, "lastTransitionTime");
        out.set("lastTransitionTime", time == null ? JsonNodeFactory.instance.nullNode() : time.deepCopy());
        GoJson.copy(c, "reason", out, "reason");
        GoJson.copy(c, "message", out, "message");
        return out;
    }

    private static boolean isCpuUtilizationTarget(JsonNode m) {
        JsonNode util = m.path("resource").path("target").get("averageUtilization");
        return "Resource".equals(m.path("type").asText()) && "cpu".equals(m.path("resource").path("name").asText())
                && util != null && !util.isNull();
    }

    private static ObjectNode cpuTarget(int utilization) {
        ObjectNode m = node().put("type", "Resource");
        m.putObject("resource").put("name", "cpu").putObject("target").put("type", "Utilization")
                .put("averageUtilization", utilization);
        return m;
    }

    /** The JSON array of objects an annotation holds; null when absent or undecodable (JSON null is empty). */
    private static List<JsonNode> objects(String text) {
        if (text == null) {
            return null;
        }
        JsonNode n = GoJson.parse(text);
        if (n != null && n.isNull()) {
            return List.of();
        }
        if (n == null || !n.isArray()) {
            return null;
        }
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode e : n) {
            if (e.isNull()) {
                out.add(node());
            } else if (!e.isObject()) {
                return null;
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private void copyTypeAndMeta(ObjectNode from, ObjectNode to, String version) {
        to.put("apiVersion", apiVersion(version));
        to.put("kind", from.path("kind").asText(kind()));
        if (from.get("metadata") instanceof ObjectNode meta) {
            to.set("metadata", meta.deepCopy());
        }
    }

    /** Top-level fields neither version knows are kept (whatever a client or an older k3j left there). */
    private static void copyRest(ObjectNode from, ObjectNode to) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!to.has(e.getKey()) && !e.getKey().equals("spec") && !e.getKey().equals("status")) {
                to.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static void copyIfPresent(JsonNode from, String field, ObjectNode to) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(field, v.deepCopy());
        }
    }

    private static ObjectNode annotations(ObjectNode obj) {
        ObjectNode meta = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
        return meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
    }

    /** Removes the four round-trip annotations (and the annotations map when nothing else is left in it). */
    static void dropRoundTripAnnotations(ObjectNode obj) {
        if (obj.path("metadata").get("annotations") instanceof ObjectNode a) {
            ROUND_TRIP.forEach(a::remove);
            if (a.isEmpty()) {
                ((ObjectNode) obj.get("metadata")).remove("annotations");
            }
        }
    }

    private static ObjectNode node() {
        return JsonNodeFactory.instance.objectNode();
    }
}
