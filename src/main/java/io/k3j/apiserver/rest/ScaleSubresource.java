package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.ScalePaths;

/**
 * The scale subresource: an autoscaling/v1 Scale view of a workload's replicas. Reads build the
 * view from the object; writes take spec.replicas from the Scale and apply it to the object.
 */
final class ScaleSubresource {

    private ScaleSubresource() {
    }

    /** The Scale of an object; custom resources read their replicas and selector from the CRD's paths. */
    static ObjectNode view(ResourceDescriptor d, ObjectNode obj) {
        if (!d.isCustom() || d.custom().scale() == null) {
            return view(obj);
        }
        ScalePaths paths = d.custom().scale();
        ObjectNode scale = header(obj);
        JsonNode spec = at(obj, paths.specReplicasPath());
        JsonNode status = at(obj, paths.statusReplicasPath());
        scale.putObject("spec").put("replicas", spec != null && spec.isIntegralNumber() ? spec.asInt() : 0);
        ObjectNode st = scale.putObject("status");
        st.put("replicas", status != null && status.isIntegralNumber() ? status.asInt() : 0);
        JsonNode selector = paths.labelSelectorPath().isEmpty() ? null : at(obj, paths.labelSelectorPath());
        if (selector != null && selector.isTextual() && !selector.asText().isEmpty()) {
            st.put("selector", selector.asText());
        }
        return scale;
    }

    static ObjectNode view(ObjectNode obj) {
        ObjectNode scale = header(obj);
        scale.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", obj.path("status").path("replicas").asInt(0));
        String selector = selector(obj.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    private static ObjectNode header(ObjectNode obj) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        JsonNode meta = obj.path("metadata");
        ObjectNode m = scale.putObject("metadata");
        for (String f : new String[]{"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (meta.has(f)) {
                m.set(f, meta.get(f));
            }
        }
        return scale;
    }

    /** The value at a simple JSON path such as {@code .spec.replicas}, or null. */
    static JsonNode at(JsonNode obj, String path) {
        JsonNode n = obj;
        for (String part : path.substring(path.startsWith(".") ? 1 : 0).split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    /** Sets the value at a simple JSON path, creating objects on the way. */
    private static void set(ObjectNode obj, String path, int value) {
        String[] parts = path.substring(path.startsWith(".") ? 1 : 0).split("\\.");
        ObjectNode n = obj;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = n.get(parts[i]);
            n = next != null && next.isObject() ? (ObjectNode) next : n.putObject(parts[i]);
        }
        n.put(parts[parts.length - 1], value);
    }

    /** Applies a (patched or replaced) Scale's desired replicas to the object. */
    static void apply(ResourceDescriptor d, ObjectNode obj, JsonNode scale) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isMissingNode() && !replicas.isNull()) {
            if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
                throw ApiError.invalid("Scale", "autoscaling", obj.path("metadata").path("name").asText(), "spec.replicas",
                        "FieldValueInvalid", "Invalid value: " + replicas + ": must be greater than or equal to 0");
            }
            if (d.isCustom() && d.custom().scale() != null) {
                set(obj, d.custom().scale().specReplicasPath(), replicas.asInt());
                return;
            }
            ObjectNode spec = obj.has("spec") ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
            spec.put("replicas", replicas.asInt());
        }
    }

    /** A label selector in its string form, as Scale.status.selector carries it. */
    private static String selector(JsonNode sel) {
        StringBuilder sb = new StringBuilder();
        JsonNode labels = sel.has("matchLabels") ? sel.get("matchLabels") : (sel.isObject() && !sel.has("matchExpressions") ? sel : null);
        if (labels != null) {
            labels.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    sb.append(sb.isEmpty() ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText());
                }
            });
        }
        for (JsonNode expr : sel.path("matchExpressions")) {
            String op = expr.path("operator").asText();
            String key = expr.path("key").asText();
            StringBuilder values = new StringBuilder();
            for (JsonNode v : expr.path("values")) {
                values.append(values.isEmpty() ? "" : ",").append(v.asText());
            }
            String term = switch (op) {
                case "In" -> key + " in (" + values + ")";
                case "NotIn" -> key + " notin (" + values + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> "";
            };
            if (!term.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : ",").append(term);
            }
        }
        return sb.toString();
    }
}
