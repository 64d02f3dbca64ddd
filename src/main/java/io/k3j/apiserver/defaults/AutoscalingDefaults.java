package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.nonEmptyArray;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * autoscaling: HorizontalPodAutoscaler. v1 only defaults minReplicas; v2 also the metric (80% CPU) and, when a
 * behavior is given, each of its missing scaling rules (scale up at most 4 pods or 100% per 15 s, scale down 100%
 * per 15 s after a 300 s window).
 */
final class AutoscalingDefaults {

    private AutoscalingDefaults() {
    }

    static void apply(String version, String resource, ObjectNode obj) {
        if (!resource.equals("horizontalpodautoscalers")) {
            return;
        }
        ObjectNode spec = object(obj, "spec");
        number(spec, "minReplicas", 1);
        if (!version.equals("v2")) {
            return;
        }
        if (!nonEmptyArray(spec, "metrics")) {
            spec.putArray("metrics").addObject().put("type", "Resource").putObject("resource").put("name", "cpu")
                    .putObject("target").put("type", "Utilization").put("averageUtilization", 80);
        }
        ifObject(spec, "behavior", b -> {
            rules(object(b, "scaleUp"), 0, true);
            rules(object(b, "scaleDown"), 300, false);
        });
    }

    private static void rules(ObjectNode r, int window, boolean up) {
        number(r, "stabilizationWindowSeconds", window);
        text(r, "selectPolicy", "Max");
        if (absent(r, "policies") || r.get("policies").isEmpty()) {
            ArrayNode p = r.putArray("policies");
            if (up) {
                p.addObject().put("type", "Pods").put("value", 4).put("periodSeconds", 15);
            }
            p.addObject().put("type", "Percent").put("value", 100).put("periodSeconds", 15);
        }
    }
}
