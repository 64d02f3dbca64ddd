package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Where a DaemonSet's pods belong (upstream's nodeShouldRunDaemonPod): the template's nodeName, nodeSelector and
 * required node affinity must admit the node, and every NoSchedule/NoExecute taint must be tolerated (with the
 * tolerations upstream adds to every daemon pod). An untolerated NoSchedule taint only stops new pods; NoExecute
 * also evicts running ones.
 */
final class DaemonPlacement {

    /** Whether a pod should be created there, and whether an existing one may keep running. */
    record Decision(boolean shouldRun, boolean shouldContinueRunning) {
    }

    private DaemonPlacement() {
    }

    /** upstream's AddOrUpdateDaemonPodTolerations. */
    static void addDefaultTolerations(ObjectNode podSpec) {
        tolerate(podSpec, "node.kubernetes.io/not-ready", "NoExecute");
        tolerate(podSpec, "node.kubernetes.io/unreachable", "NoExecute");
        tolerate(podSpec, "node.kubernetes.io/disk-pressure", "NoSchedule");
        tolerate(podSpec, "node.kubernetes.io/memory-pressure", "NoSchedule");
        tolerate(podSpec, "node.kubernetes.io/pid-pressure", "NoSchedule");
        tolerate(podSpec, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (podSpec.path("hostNetwork").asBoolean(false)) {
            tolerate(podSpec, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
    }

    private static void tolerate(ObjectNode spec, String key, String effect) {
        ArrayNode tolerations = Meta.arr(spec, "tolerations");
        for (JsonNode t : tolerations) {
            if (key.equals(t.path("key").asText()) && effect.equals(t.path("effect").asText())
                    && "Exists".equals(t.path("operator").asText())) {
                return;
            }
        }
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", effect);
    }

    /** Pins a daemon pod to {@code node} with a required affinity on metadata.name (the scheduler binds it). */
    static void pinToNode(ObjectNode podSpec, String node) {
        ObjectNode required = Meta.obj(Meta.obj(Meta.obj(podSpec, "affinity"), "nodeAffinity"),
                "requiredDuringSchedulingIgnoredDuringExecution");
        ObjectNode field = Meta.MAPPER.createObjectNode().put("key", "metadata.name").put("operator", "In");
        field.putArray("values").add(node);
        ArrayNode terms = Meta.arr(required, "nodeSelectorTerms");
        if (terms.isEmpty()) {
            terms.addObject().putArray("matchFields").add(field);
            return;
        }
        for (JsonNode t : terms) {
            ArrayNode fields = Meta.arr((ObjectNode) t, "matchFields");
            for (int i = fields.size() - 1; i >= 0; i--) {
                if ("metadata.name".equals(fields.get(i).path("key").asText())) {
                    fields.remove(i);
                }
            }
            fields.add(field.deepCopy());
        }
    }

    /** The node a daemon pod is for: its nodeName, else the metadata.name of its required affinity. */
    static String targetNode(JsonNode pod) {
        String bound = Pods.nodeName(pod);
        if (!bound.isEmpty()) {
            return bound;
        }
        for (JsonNode t : pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms")) {
            for (JsonNode f : t.path("matchFields")) {
                if ("metadata.name".equals(f.path("key").asText()) && "In".equals(f.path("operator").asText())
                        && f.path("values").size() == 1) {
                    return f.path("values").get(0).asText();
                }
            }
        }
        return "";
    }

    static Decision decide(JsonNode ds, JsonNode node) {
        ObjectNode spec = ds.path("spec").path("template").path("spec").deepCopy();
        addDefaultTolerations(spec);
        String wanted = spec.path("nodeName").asText("");
        if (!wanted.isEmpty() && !wanted.equals(Meta.name(node))) {
            return new Decision(false, false);
        }
        if (!fits(spec, node)) {
            return new Decision(false, false);
        }
        boolean schedule = true;
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asText();
            if (!"NoSchedule".equals(effect) && !"NoExecute".equals(effect)) {
                continue;
            }
            if (!tolerated(spec.path("tolerations"), taint)) {
                if ("NoExecute".equals(effect)) {
                    return new Decision(false, false);
                }
                schedule = false;
            }
        }
        return new Decision(schedule, true);
    }

    static boolean tolerated(JsonNode tolerations, JsonNode taint) {
        for (JsonNode t : tolerations) {
            String effect = t.path("effect").asText("");
            if (!effect.isEmpty() && !effect.equals(taint.path("effect").asText())) {
                continue;
            }
            String key = t.path("key").asText("");
            String op = t.path("operator").asText("Equal");
            if (key.isEmpty()) {
                if ("Exists".equals(op)) {
                    return true;
                }
                continue;
            }
            if (!key.equals(taint.path("key").asText())) {
                continue;
            }
            if ("Exists".equals(op) || t.path("value").asText("").equals(taint.path("value").asText(""))) {
                return true;
            }
        }
        return false;
    }

    /** nodeSelector and required node affinity. */
    static boolean fits(JsonNode podSpec, JsonNode node) {
        Map<String, String> labels = Meta.labels(node);
        for (var e : Meta.stringMap(podSpec.path("nodeSelector")).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode terms = podSpec.path("affinity").path("nodeAffinity").path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms");
        if (!terms.isArray() || terms.isEmpty()) {
            return true;
        }
        for (JsonNode term : terms) {
            if (termMatches(term, labels, Meta.name(node))) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(JsonNode term, Map<String, String> labels, String nodeName) {
        if (term.path("matchExpressions").isEmpty() && term.path("matchFields").isEmpty()) {
            return false; // an empty term matches nothing
        }
        for (JsonNode e : term.path("matchExpressions")) {
            if (!requirement(e, labels.get(e.path("key").asText()), labels.containsKey(e.path("key").asText()))) {
                return false;
            }
        }
        for (JsonNode f : term.path("matchFields")) {
            if (!"metadata.name".equals(f.path("key").asText()) || !requirement(f, nodeName, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirement(JsonNode e, String value, boolean present) {
        List<String> values = new java.util.ArrayList<>();
        e.path("values").forEach(v -> values.add(v.asText()));
        return switch (e.path("operator").asText()) {
            case "In" -> present && values.contains(value);
            case "NotIn" -> !present || !values.contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt", "Lt" -> {
                if (!present || values.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.getFirst());
                    yield "Gt".equals(e.path("operator").asText()) ? have > want : have < want;
                } catch (NumberFormatException ex) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
