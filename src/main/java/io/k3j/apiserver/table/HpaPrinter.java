package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.convert.BuiltinConversions;
import io.k3j.apiserver.table.Printer.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * HorizontalPodAutoscaler rows. TARGETS is "current/target" per metric, at most two then " + N more...".
 * autoscaling/v1 objects are first converted to v2 (their annotations hold the other metrics), as upstream prints
 * both versions from one internal type.
 */
final class HpaPrinter {

    private static final int MAX_METRICS = 2;

    private HpaPrinter() {
    }

    static Printer printer() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Reference", "The target resource to scale."),
                        o -> text(o, "spec", "scaleTargetRef", "kind") + "/" + text(o, "spec", "scaleTargetRef", "name")),
                Field.of(Column.string("Targets", "The metrics used to compute the desired replica count."),
                        o -> {
                            JsonNode v2 = asV2(o);
                            return targets(v2.path("spec").path("metrics"), v2.path("status").path("currentMetrics"));
                        }),
                Field.of(Column.string("MinPods", "Lower limit for the number of pods."),
                        o -> Fields.present(o.path("spec").path("minReplicas"))
                                ? String.valueOf(o.path("spec").path("minReplicas").asLong()) : Format.UNSET),
                Field.of(Column.string("MaxPods", "Upper limit for the number of pods."),
                        o -> Fields.integer(o, "spec", "maxReplicas")),
                Field.of(Column.string("Replicas", "Current number of replicas of pods managed by this autoscaler."),
                        o -> Fields.integer(o, "status", "currentReplicas")),
                Field.age());
    }

    static String targets(JsonNode specs, JsonNode statuses) {
        if (specs.isEmpty()) {
            return Format.NONE;
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            list.add(metric(specs.get(i), statuses.path(i)));
        }
        int count = list.size();
        String joined = String.join(", ", list.subList(0, Math.min(count, MAX_METRICS)));
        return count > MAX_METRICS ? joined + " + " + (count - MAX_METRICS) + " more..." : joined;
    }

    private static String metric(JsonNode spec, JsonNode status) {
        String unknown = Format.UNKNOWN;
        return switch (text(spec, "type")) {
            case "External", "Object" -> {
                String field = text(spec, "type").equals("External") ? "external" : "object";
                JsonNode target = spec.path(field).path("target");
                JsonNode current = status.path(field).path("current");
                if (Fields.present(target.path("averageValue"))) {
                    String cur = Fields.present(current.path("averageValue")) ? quantity(current.path("averageValue")) : unknown;
                    yield cur + "/" + quantity(target.path("averageValue")) + " (avg)";
                }
                String cur = status.path(field).isObject() ? quantity(current.path("value")) : unknown;
                yield cur + "/" + quantity(target.path("value"));
            }
            case "Pods" -> {
                String cur = status.path("pods").isObject()
                        ? quantity(status.path("pods").path("current").path("averageValue")) : unknown;
                yield cur + "/" + quantity(spec.path("pods").path("target").path("averageValue"));
            }
            case "Resource", "ContainerResource" -> {
                String field = text(spec, "type").equals("Resource") ? "resource" : "containerResource";
                JsonNode source = spec.path(field);
                JsonNode current = status.path(field);
                JsonNode target = source.path("target");
                String name = text(source, "name");
                if (Fields.present(target.path("averageValue"))) {
                    String cur = current.isObject() ? quantity(current.path("current").path("averageValue")) : unknown;
                    yield name + ": " + cur + "/" + quantity(target.path("averageValue"));
                }
                JsonNode util = current.path("current").path("averageUtilization");
                String cur = current.isObject() && Fields.present(util) ? util.asLong() + "%" : unknown;
                String goal = Fields.present(target.path("averageUtilization"))
                        ? target.path("averageUtilization").asLong() + "%" : "<auto>";
                yield name + ": " + cur + "/" + goal;
            }
            default -> "<unknown type>";
        };
    }

    /** A missing Quantity prints as Go's zero quantity, "0". */
    private static String quantity(JsonNode q) {
        return Fields.present(q) ? Quantity.canonical(q.asText()) : "0";
    }

    private static JsonNode asV2(JsonNode hpa) {
        if (hpa instanceof ObjectNode o && "autoscaling/v1".equals(o.path("apiVersion").asText())) {
            ObjectNode v2 = BuiltinConversions.toVersion(o, "autoscaling/v2");
            return v2 == null ? o : v2;
        }
        return hpa;
    }
}
