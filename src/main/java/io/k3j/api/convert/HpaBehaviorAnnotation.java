package io.k3j.api.convert;

import static io.k3j.api.convert.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code autoscaling.alpha.kubernetes.io/behavior} annotation autoscaling/v1 carries a v2 behavior in. Upstream
 * writes it by JSON-encoding its internal Go type, which has no JSON tags: keys are Go field names
 * ({@code {"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,
 * "PeriodSeconds":15}],"Tolerance":null},"ScaleDown":null}}) and unset pointers are {@code null}. Reading accepts
 * those keys in any case, as Go's decoder does, so the v2 tags decode too.
 */
final class HpaBehaviorAnnotation {

    private HpaBehaviorAnnotation() {
    }

    /** The annotation text of a v2 {@code spec.behavior}. */
    static String encode(JsonNode behavior) {
        ObjectNode out = node();
        out.set("ScaleUp", rulesToGo(field(behavior, "scaleUp")));
        out.set("ScaleDown", rulesToGo(field(behavior, "scaleDown")));
        return out.toString();
    }

    /**
     * The v2 {@code spec.behavior} an annotation text describes; null when it does not decode or sets neither
     * direction (upstream then leaves behavior unset).
     */
    static ObjectNode decode(String text) {
        JsonNode n = GoJson.parse(text);
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode up = field(n, "scaleUp");
        JsonNode down = field(n, "scaleDown");
        if (up != null && !up.isObject() || down != null && !down.isObject() || up == null && down == null) {
            return null;
        }
        ObjectNode behavior = node();
        if (up != null) {
            behavior.set("scaleUp", rulesToV2(up));
        }
        if (down != null) {
            behavior.set("scaleDown", rulesToV2(down));
        }
        return behavior;
    }

    private static JsonNode rulesToGo(JsonNode rules) {
        if (rules == null || !rules.isObject()) {
            return JsonNodeFactory.instance.nullNode();
        }
        ObjectNode out = node();
        out.set("StabilizationWindowSeconds", orNull(field(rules, "stabilizationWindowSeconds")));
        out.set("SelectPolicy", orNull(field(rules, "selectPolicy")));
        JsonNode policies = field(rules, "policies");
        if (policies == null || !policies.isArray()) {
            out.putNull("Policies");
        } else {
            ArrayNode list = out.putArray("Policies");
            for (JsonNode p : policies) {
                list.addObject().put("Type", GoJson.text(p, "type"))
                        .put("Value", intOf(p, "value"))
                        .put("PeriodSeconds", intOf(p, "periodSeconds"));
            }
        }
        out.set("Tolerance", orNull(field(rules, "tolerance")));
        return out;
    }

    private static ObjectNode rulesToV2(JsonNode rules) {
        ObjectNode out = node();
        GoJson.copy(rules, "stabilizationWindowSeconds", out, "stabilizationWindowSeconds");
        GoJson.copy(rules, "selectPolicy", out, "selectPolicy");
        JsonNode policies = field(rules, "policies");
        if (policies != null && policies.isArray()) {
            ArrayNode list = out.putArray("policies");
            for (JsonNode p : policies) {
                list.addObject().put("type", GoJson.text(p, "type"))
                        .put("value", intOf(p, "value"))
                        .put("periodSeconds", intOf(p, "periodSeconds"));
            }
        }
        GoJson.copy(rules, "tolerance", out, "tolerance");
        return out;
    }

    private static int intOf(JsonNode obj, String name) {
        JsonNode v = field(obj, name);
        return v == null ? 0 : v.asInt();
    }

    private static JsonNode orNull(JsonNode v) {
        return v == null ? JsonNodeFactory.instance.nullNode() : v.deepCopy();
    }

    private static ObjectNode node() {
        return JsonNodeFactory.instance.objectNode();
    }
}
