package io.k3j.api.convert;

import static io.k3j.api.convert.GoJson.copy;
import static io.k3j.api.convert.GoJson.field;
import static io.k3j.api.convert.GoJson.quantity;
import static io.k3j.api.convert.GoJson.reference;
import static io.k3j.api.convert.GoJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One metric between autoscaling/v2's shape ({@code metric}/{@code target}/{@code current} blocks) and the flat
 * shape autoscaling/v1 keeps in its round-trip annotations ({@code metricName}, {@code targetAverageValue},
 * {@code currentAverageUtilization} … , the old v2beta1 layout). Fields come out in the Go types' order, so the
 * annotation texts read as upstream's. Quantities that are values in the target type appear as "0" when absent,
 * as Go prints a zero Quantity; pointers are left out. Quantities read from an annotation are parsed and printed
 * canonical, as Go's decoding does.
 */
final class HpaMetricsV1 {

    private static final String[] SOURCES = {"object", "pods", "resource", "containerResource", "external"};

    private HpaMetricsV1() {
    }

    /** A v2 MetricSpec as a v1 MetricSpec. */
    static ObjectNode specToV1(JsonNode m) {
        ObjectNode out = node().put("type", text(m, "type"));
        for (String source : SOURCES) {
            JsonNode s = field(m, source);
            if (s == null) {
                continue;
            }
            JsonNode metric = field(s, "metric");
            JsonNode target = field(s, "target");
            ObjectNode v1 = out.putObject(source);
            switch (source) {
                case "object" -> {
                    v1.set("target", reference(field(s, "describedObject")));
                    v1.put("metricName", text(metric, "name"));
                    quantity(target, "value", v1, "targetValue");
                    copy(metric, "selector", v1, "selector");
                    copy(target, "averageValue", v1, "averageValue");
                }
                case "pods" -> {
                    v1.put("metricName", text(metric, "name"));
                    quantity(target, "averageValue", v1, "targetAverageValue");
                    copy(metric, "selector", v1, "selector");
                }
                case "external" -> {
                    v1.put("metricName", text(metric, "name"));
                    copy(metric, "selector", v1, "metricSelector");
                    copy(target, "value", v1, "targetValue");
                    copy(target, "averageValue", v1, "targetAverageValue");
                }
                default -> { // resource, containerResource
                    v1.put("name", text(s, "name"));
                    copy(target, "averageUtilization", v1, "targetAverageUtilization");
                    copy(target, "averageValue", v1, "targetAverageValue");
                    if (source.equals("containerResource")) {
                        v1.put("container", text(s, "container"));
                    }
                }
            }
        }
        return out;
    }

    /** A v1 MetricSpec (from the annotation) as a v2 MetricSpec; the target type follows from what is set. */
    static ObjectNode specToV2(JsonNode m) {
        ObjectNode out = node().put("type", text(m, "type"));
        for (String source : SOURCES) {
            JsonNode s = field(m, source);
            if (s == null) {
                continue;
            }
            ObjectNode v2 = out.putObject(source);
            switch (source) {
                case "object" -> {
                    v2.set("describedObject", reference(field(s, "target")));
                    ObjectNode target = v2.putObject("target")
                            .put("type", field(s, "averageValue") == null ? "Value" : "AverageValue");
                    GoJson.decodedQuantity(s, "targetValue", target, "value", true);
                    GoJson.decodedQuantity(s, "averageValue", target, "averageValue", false);
                    v2.set("metric", identifier(s, "metricName", "selector"));
                }
                case "pods" -> {
                    v2.set("metric", identifier(s, "metricName", "selector"));
                    ObjectNode target = v2.putObject("target").put("type", "AverageValue");
                    GoJson.decodedQuantity(s, "targetAverageValue", target, "averageValue", true);
                }
                case "external" -> {
                    v2.set("metric", identifier(s, "metricName", "metricSelector"));
                    ObjectNode target = v2.putObject("target")
                            .put("type", field(s, "targetValue") == null ? "AverageValue" : "Value");
                    GoJson.decodedQuantity(s, "targetValue", target, "value", false);
                    GoJson.decodedQuantity(s, "targetAverageValue", target, "averageValue", false);
                }
                default -> {
                    v2.put("name", text(s, "name"));
                    ObjectNode target = v2.putObject("target")
                            .put("type", field(s, "targetAverageUtilization") == null ? "AverageValue" : "Utilization");
                    GoJson.decodedQuantity(s, "targetAverageValue", target, "averageValue", false);
                    copy(s, "targetAverageUtilization", target, "averageUtilization");
                    if (source.equals("containerResource")) {
                        v2.put("container", text(s, "container"));
                    }
                }
            }
        }
        return out;
    }

    /** A v2 MetricStatus as a v1 MetricStatus. */
    static ObjectNode statusToV1(JsonNode m) {
        ObjectNode out = node().put("type", text(m, "type"));
        for (String source : SOURCES) {
            JsonNode s = field(m, source);
            if (s == null) {
                continue;
            }
            JsonNode metric = field(s, "metric");
            JsonNode current = field(s, "current");
            ObjectNode v1 = out.putObject(source);
            switch (source) {
                case "object" -> {
                    v1.set("target", reference(field(s, "describedObject")));
                    v1.put("metricName", text(metric, "name"));
                    quantity(current, "value", v1, "currentValue");
                    copy(metric, "selector", v1, "selector");
                    copy(current, "averageValue", v1, "averageValue");
                }
                case "pods" -> {
                    v1.put("metricName", text(metric, "name"));
                    quantity(current, "averageValue", v1, "currentAverageValue");
                    copy(metric, "selector", v1, "selector");
                }
                case "external" -> {
                    v1.put("metricName", text(metric, "name"));
                    copy(metric, "selector", v1, "metricSelector");
                    quantity(current, "value", v1, "currentValue");
                    copy(current, "averageValue", v1, "currentAverageValue");
                }
                default -> {
                    v1.put("name", text(s, "name"));
                    copy(current, "averageUtilization", v1, "currentAverageUtilization");
                    quantity(current, "averageValue", v1, "currentAverageValue");
                    if (source.equals("containerResource")) {
                        v1.put("container", text(s, "container"));
                    }
                }
            }
        }
        return out;
    }

    /** A v1 MetricStatus (from the annotation) as a v2 MetricStatus. */
    static ObjectNode statusToV2(JsonNode m) {
        ObjectNode out = node().put("type", text(m, "type"));
        for (String source : SOURCES) {
            JsonNode s = field(m, source);
            if (s == null) {
                continue;
            }
            ObjectNode v2 = out.putObject(source);
            switch (source) {
                case "object" -> {
                    v2.set("metric", identifier(s, "metricName", "selector"));
                    ObjectNode current = v2.putObject("current");
                    GoJson.decodedQuantity(s, "currentValue", current, "value", true);
                    GoJson.decodedQuantity(s, "averageValue", current, "averageValue", false);
                    v2.set("describedObject", reference(field(s, "target")));
                }
                case "pods" -> {
                    v2.set("metric", identifier(s, "metricName", "selector"));
                    GoJson.decodedQuantity(s, "currentAverageValue", v2.putObject("current"), "averageValue",
                            true);
                }
                case "external" -> {
                    v2.set("metric", identifier(s, "metricName", "metricSelector"));
                    ObjectNode current = v2.putObject("current");
                    GoJson.decodedQuantity(s, "currentValue", current, "value", true);
                    GoJson.decodedQuantity(s, "currentAverageValue", current, "averageValue", false);
                }
                default -> {
                    v2.put("name", text(s, "name"));
                    ObjectNode current = v2.putObject("current");
                    GoJson.decodedQuantity(s, "currentAverageValue", current, "averageValue", true);
                    copy(s, "currentAverageUtilization", current, "averageUtilization");
                    if (source.equals("containerResource")) {
                        v2.put("container", text(s, "container"));
                    }
                }
            }
        }
        return out;
    }

    /** A v2 MetricIdentifier from v1's metric name and selector fields. */
    private static ObjectNode identifier(JsonNode s, String nameField, String selectorField) {
        ObjectNode id = node().put("name", text(s, nameField));
        copy(s, selectorField, id, "selector");
        return id;
    }

    private static ObjectNode node() {
        return JsonNodeFactory.instance.objectNode();
    }
}
