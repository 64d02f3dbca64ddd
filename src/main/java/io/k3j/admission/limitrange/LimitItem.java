package io.k3j.admission.limitrange;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a LimitRange's spec.limits, with the defaults upstream gives a Container entry when the LimitRange
 * is created (a default limit from max, a default request from the default limit or else from min). They are
 * applied here again so a LimitRange stored without them behaves the same.
 */
record LimitItem(String type, Map<String, Amount> max, Map<String, Amount> min, Map<String, Amount> defaultLimit,
                 Map<String, Amount> defaultRequest, Map<String, Amount> maxLimitRequestRatio) {

    static final String CONTAINER = "Container";
    static final String POD = "Pod";
    static final String PVC = "PersistentVolumeClaim";

    static List<LimitItem> of(JsonNode limitRange) {
        List<LimitItem> out = new ArrayList<>();
        for (JsonNode l : limitRange.path("spec").path("limits")) {
            String type = l.path("type").asText("");
            Map<String, Amount> max = Resources.of(l.path("max"));
            Map<String, Amount> min = Resources.of(l.path("min"));
            Map<String, Amount> def = Resources.of(l.path("default"));
            Map<String, Amount> defReq = Resources.of(l.path("defaultRequest"));
            if (type.equals(CONTAINER)) {
                max.forEach(def::putIfAbsent);
                def.forEach(defReq::putIfAbsent);
                min.forEach(defReq::putIfAbsent);
            }
            out.add(new LimitItem(type, max, min, def, defReq, Resources.of(l.path("maxLimitRequestRatio"))));
        }
        return out;
    }
}
