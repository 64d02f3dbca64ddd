package io.k3j.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Per-kind field selector support, as data: which field labels each built-in kind accepts, the legacy
 * aliases it rewrites, the text it rejects others with, and how each selectable field is read from the
 * stored JSON. Kinds not listed accept only metadata.name and metadata.namespace (CRs included).
 */
public final class FieldLabels {

    /** How one kind answers ConvertFieldLabel and ToSelectableFields. */
    private record KindFields(Map<String, Function<JsonNode, String>> fields, java.util.Set<String> accepted,
                              Map<String, String> aliases, boolean jobStyleError, String kind) {
    }

    private static final Map<String, KindFields> KINDS = new HashMap<>();

    static {
        kind("", "Pod", false, fields(true,
                "spec.nodeName", text("spec", "nodeName"),
                "spec.restartPolicy", text("spec", "restartPolicy"),
                "spec.schedulerName", text("spec", "schedulerName"),
                "spec.serviceAccountName", text("spec", "serviceAccountName"),
                "spec.hostNetwork", bool("spec", "hostNetwork"),
                "status.phase", text("status", "phase"),
                "status.podIP", text("status", "podIP"),
                // accepted by the conversion but never populated upstream, so it always reads as ""
                "status.podIPs", read(o -> ""),
                "status.nominatedNodeName", text("status", "nominatedNodeName")),
                Map.of("spec.host", "spec.nodeName"));
        kind("", "Node", false, fields(false, "spec.unschedulable", bool("spec", "unschedulable")), Map.of());
        kind("", "Namespace", false, fields(false, "status.phase", text("status", "phase")), Map.of());
        kind("", "Secret", false, fields(true, "type", text("type")), Map.of());
        kind("", "Service", false, fields(true,
                "spec.clusterIP", text("spec", "clusterIP"),
                "spec.type", text("spec", "type")), Map.of());
        kind("", "ReplicationController", false, fields(true, "status.replicas", number("status", "replicas")), Map.of());
        kind("", "Event", false, fields(true,
                "involvedObject.kind", text("involvedObject", "kind"),
                "involvedObject.namespace", text("involvedObject", "namespace"),
                "involvedObject.name", text("involvedObject", "name"),
                "involvedObject.uid", text("involvedObject", "uid"),
                "involvedObject.apiVersion", text("involvedObject", "apiVersion"),
                "involvedObject.resourceVersion", text("involvedObject", "resourceVersion"),
                "involvedObject.fieldPath", text("involvedObject", "fieldPath"),
                "reason", text("reason"),
                "reportingComponent", text("reportingComponent"),
                "source", read(o -> firstNonEmpty(o.path("source").path("component").asText(""), o.path("reportingComponent").asText(""))),
                "type", text("type")), Map.of());
        // events.k8s.io/v1 stores regarding/reportingController/deprecatedSource; selectors use the core names
        Map<String, String> eventAliases = new LinkedHashMap<>();
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            eventAliases.put("regarding." + f, "involvedObject." + f);
        }
        eventAliases.put("reportingController", "reportingComponent");
        Map<String, Function<JsonNode, String>> eventFields = new LinkedHashMap<>(fields(true,
                "reason", text("reason"),
                "reportingComponent", text("reportingController"),
                "source", read(o -> firstNonEmpty(o.path("deprecatedSource").path("component").asText(""),
                        o.path("reportingController").asText(""))),
                "type", text("type")));
        for (String f : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            eventFields.put("involvedObject." + f, text("regarding", f));
        }
        KINDS.put(key("events.k8s.io", "Event"), new KindFields(eventFields,
                java.util.Set.of("metadata.name", "metadata.namespace", "reason", "source", "type"),
                eventAliases, false, "Event"));
        kind("batch", "Job", true, fields(true, "status.successful", number("status", "succeeded")), Map.of());
        kind("certificates.k8s.io", "CertificateSigningRequest", false,
                fields(false, "spec.signerName", text("spec", "signerName")), Map.of());
    }

    private FieldLabels() {
    }

    /**
     * ConvertFieldLabel: the field label to match on, or the upstream rejection text.
     */
    static String convert(String group, String kind, String label) {
        KindFields k = KINDS.get(key(group, kind));
        if (k == null) {
            if (label.equals("metadata.name") || label.equals("metadata.namespace")) {
                return label;
            }
            throw new SelectorException(GoText.quote(label)
                    + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        }
        if (k.aliases().containsKey(label)) {
            return k.aliases().get(label);
        }
        if (k.accepted().contains(label)) {
            return label;
        }
        throw new SelectorException(k.jobStyleError()
                ? "field label " + GoText.quote(label) + " not supported for " + k.kind()
                : "field label not supported: " + label);
    }

    /** The selectable fields of an object, keyed by (converted) field label; read by its apiVersion and kind. */
    public static Map<String, String> selectableFields(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Map<String, String> out = new HashMap<>();
        JsonNode meta = object.path("metadata");
        out.put("metadata.name", meta.path("name").asText(""));
        out.put("metadata.namespace", meta.path("namespace").asText(""));
        KindFields k = KINDS.get(key(group, object.path("kind").asText("")));
        if (k != null) {
            k.fields().forEach((label, reader) -> out.put(label, reader.apply(object)));
        }
        return out;
    }

    private static void kind(String group, String kind, boolean jobStyle, Map<String, Function<JsonNode, String>> fields,
                             Map<String, String> aliases) {
        KINDS.put(key(group, kind), new KindFields(fields, fields.keySet(), aliases, jobStyle, kind));
    }

    /** Builds a field table; {@code namespaced} decides whether metadata.namespace is accepted at all. */
    @SuppressWarnings("unchecked")
    private static Map<String, Function<JsonNode, String>> fields(boolean namespaced, Object... pairs) {
        Map<String, Function<JsonNode, String>> m = new LinkedHashMap<>();
        m.put("metadata.name", o -> o.path("metadata").path("name").asText(""));
        if (namespaced) {
            m.put("metadata.namespace", o -> o.path("metadata").path("namespace").asText(""));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Function<JsonNode, String>) pairs[i + 1]);
        }
        return m;
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }

    /** Types a lambda for the varargs table builder. */
    private static Function<JsonNode, String> read(Function<JsonNode, String> f) {
        return f;
    }

    private static Function<JsonNode, String> text(String... path) {
        return o -> at(o, path).asText("");
    }

    /** Booleans select as Go's FormatBool of the field, so an absent field reads "false". */
    private static Function<JsonNode, String> bool(String... path) {
        return o -> Boolean.toString(at(o, path).asBoolean(false));
    }

    private static Function<JsonNode, String> number(String... path) {
        return o -> Long.toString(at(o, path).asLong(0));
    }

    private static JsonNode at(JsonNode o, String... path) {
        JsonNode n = o;
        for (String p : path) {
            n = n.path(p);
        }
        return n;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
