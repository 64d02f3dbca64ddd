package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Cell formatting shared by printers, mirroring the helpers kube-apiserver's printers use. */
final class Format {

    static final String NONE = "<none>";
    static final String UNSET = "<unset>";
    static final String UNKNOWN = "<unknown>";

    private Format() {
    }

    /** The AGE of a timestamp field; {@code <unknown>} when it is missing. */
    static String age(JsonNode timestamp, Instant now) {
        return HumanDuration.since(Fields.time(timestamp).orElse(null), now);
    }

    /** A label map as {@code a=b,c=d}, keys sorted; {@code <none>} when empty (labels.FormatLabels). */
    static String labels(JsonNode map) {
        if (!map.isObject() || map.isEmpty()) {
            return NONE;
        }
        Map<String, String> sorted = new TreeMap<>();
        map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /**
     * A LabelSelector the way labels.Selector.String() prints it: requirements sorted by key, values sorted;
     * "" for an empty or missing selector.
     */
    static String selector(JsonNode selector) {
        record Req(String key, String text) {
        }
        List<Req> reqs = new ArrayList<>();
        selector.path("matchLabels").properties()
                .forEach(e -> reqs.add(new Req(e.getKey(), e.getKey() + "=" + e.getValue().asText())));
        for (JsonNode expr : Fields.items(selector, "matchExpressions")) {
            String key = expr.path("key").asText();
            TreeSet<String> values = new TreeSet<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            String text = switch (expr.path("operator").asText()) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> null;
            };
            if (text == null) {
                return "<error>";
            }
            reqs.add(new Req(key, text));
        }
        // A stable sort by key, as upstream sorts requirements (matchLabels first for equal keys).
        reqs.sort((a, b) -> a.key().compareTo(b.key()));
        return String.join(",", reqs.stream().map(Req::text).toList());
    }

    /** metav1.FormatLabelSelector: like {@link #selector} but {@code <none>} when empty. */
    static String labelSelector(JsonNode selector) {
        String s = selector(selector);
        return s.isEmpty() ? NONE : s;
    }

    /** Container names and images, comma-joined, for the wide CONTAINERS and IMAGES columns. */
    static String containerNames(JsonNode podSpec) {
        return join(podSpec.path("containers"), "name");
    }

    static String containerImages(JsonNode podSpec) {
        return join(podSpec.path("containers"), "image");
    }

    private static String join(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(c -> out.add(c.path(field).asText("")));
        return String.join(",", out);
    }

    /** Strings of an array, e.g. {@code spec.externalIPs}. */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** A list cut to {@code max} entries with upstream's " + N more..." suffix. */
    static String withMore(List<String> list, int total, int max) {
        String joined = String.join(",", list);
        return total > max ? joined + " + " + (total - max) + " more..." : joined;
    }

    /** Access modes in upstream's fixed order and short names (RWO, ROX, RWX, RWOP). */
    static String accessModes(JsonNode modes) {
        List<String> present = strings(modes);
        List<String> out = new ArrayList<>();
        for (String[] m : new String[][] {
                {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"},
                {"ReadWriteOncePod", "RWOP"}}) {
            if (present.contains(m[0])) {
                out.add(m[1]);
            }
        }
        return String.join(",", out);
    }

    /** Go's {@code %v} of a bool pointer as printers print it: {@code <unset>}, True or False. */
    static String boolPtr(JsonNode n) {
        return Fields.present(n) ? (n.asBoolean() ? "True" : "False") : UNSET;
    }

    /** An IP and port joined like net.JoinHostPort (brackets around IPv6). */
    static String hostPort(String ip, long port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }

    static String orDefault(String s, String fallback) {
        return s == null || s.isEmpty() ? fallback : s;
    }
}
