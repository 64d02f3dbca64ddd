package io.k3j.auth.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns an {@link AuditEntry} into an audit.k8s.io/v1 Event, field by field as kube-apiserver writes them.
 * The level decides what is included: Metadata never carries an object, so a Secret's data cannot appear
 * below level Request.
 */
public final class AuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** metav1.MicroTime: RFC 3339 with microseconds. */
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private AuditEvents() {
    }

    public static ObjectNode toJson(AuditEntry e) {
        AuditLevel level = e.decision().level();
        AuditRequest r = e.request();
        ObjectNode ev = JSON.createObjectNode();
        ev.put("kind", "Event");
        ev.put("apiVersion", "audit.k8s.io/v1");
        ev.put("level", level.text());
        ev.put("auditID", e.auditId());
        ev.put("stage", e.stage().text());
        ev.put("requestURI", e.requestURI());
        ev.put("verb", r.verb());
        ObjectNode user = ev.putObject("user");
        user.put("username", r.user().name());
        ArrayNode groups = user.putArray("groups");
        r.user().groups().forEach(groups::add);
        ArrayNode ips = ev.putArray("sourceIPs");
        e.sourceIPs().forEach(ips::add);
        if (e.userAgent() != null) {
            ev.put("userAgent", e.userAgent());
        }
        JsonNode requestObject = level.atLeast(AuditLevel.REQUEST) || needsName(e) ? parseBody(e) : null;
        // Bytes (a list served from the watch cache) are parsed only when the level records them.
        JsonNode responseObject = e.responseObject() instanceof io.vertx.core.buffer.Buffer && !level.atLeast(AuditLevel.REQUEST_RESPONSE)
                ? null : toNode(e.responseObject());
        if (r.resourceRequest()) {
            ev.set("objectRef", objectRef(r, requestObject, responseObject));
        }
        if (e.responseCode() > 0) {
            ev.set("responseStatus", responseStatus(e.responseCode(), responseObject));
        }
        if (level.atLeast(AuditLevel.REQUEST) && requestObject != null) {
            ev.set("requestObject", e.decision().omitManagedFields() ? withoutManagedFields(requestObject) : requestObject);
        }
        if (level.atLeast(AuditLevel.REQUEST_RESPONSE) && responseObject != null && e.stage() != AuditStage.REQUEST_RECEIVED) {
            ev.set("responseObject", e.decision().omitManagedFields() ? withoutManagedFields(responseObject) : responseObject);
        }
        ev.put("requestReceivedTimestamp", MICRO.format(e.received()));
        ev.put("stageTimestamp", MICRO.format(e.stageTimestamp()));
        if (!e.annotations().isEmpty()) {
            ObjectNode a = ev.putObject("annotations");
            e.annotations().forEach(a::put);
        }
        return ev;
    }

    /** A create names its object in the body: objectRef.name comes from there even at level Metadata. */
    private static boolean needsName(AuditEntry e) {
        return e.request().resourceRequest() && e.request().name().isEmpty()
                && (e.requestBody() != null || e.requestObject() != null)
                && e.stage() != AuditStage.REQUEST_RECEIVED;
    }

    private static ObjectNode objectRef(AuditRequest r, JsonNode requestObject, JsonNode responseObject) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("resource", r.resource());
        if (!r.namespace().isEmpty()) {
            ref.put("namespace", r.namespace());
        }
        String name = r.name();
        if (name.isEmpty() && requestObject != null) {
            name = requestObject.path("metadata").path("name").asText("");
        }
        if (name.isEmpty() && responseObject != null && !"Status".equals(responseObject.path("kind").asText())
                && !r.verb().equals("list")) {
            name = responseObject.path("metadata").path("name").asText(""); // generateName
        }
        if (!name.isEmpty()) {
            ref.put("name", name);
        }
        if (!r.apiGroup().isEmpty()) {
            ref.put("apiGroup", r.apiGroup());
        }
        ref.put("apiVersion", r.apiVersion());
        if (!r.subresource().isEmpty()) {
            ref.put("subresource", r.subresource());
        }
        return ref;
    }

    private static ObjectNode responseStatus(int code, JsonNode responseObject) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("metadata");
        if (responseObject != null && "Status".equals(responseObject.path("kind").asText())) {
            for (String f : new String[]{"status", "message", "reason", "details"}) {
                if (responseObject.hasNonNull(f)) {
                    s.set(f, responseObject.get(f));
                }
            }
        }
        s.put("code", code);
        return s;
    }

    private static JsonNode parseBody(AuditEntry e) {
        if (e.requestObject() != null) {
            return e.requestObject();
        }
        if (e.requestBody() == null || e.requestBody().length == 0) {
            return null;
        }
        String ct = e.requestContentType() == null ? "" : e.requestContentType().toLowerCase(Locale.ROOT);
        try {
            if (ct.contains("yaml")) {
                return YAML.readTree(e.requestBody());
            }
            if (ct.isEmpty() || ct.contains("json")) {
                return JSON.readTree(e.requestBody());
            }
        } catch (IOException ignored) {
            // the API server refused the body too; the event still records the request
        }
        return null; // protobuf bodies are not decoded for the audit log
    }

    private static JsonNode toNode(Object o) {
        if (o instanceof JsonNode n) {
            return n;
        }
        if (o instanceof io.vertx.core.json.JsonObject j) {
            try {
                return JSON.readTree(j.encode()); // nested JsonObjects are not beans
            } catch (IOException e) {
                return null;
            }
        }
        if (o instanceof io.vertx.core.buffer.Buffer b) {
            try {
                return JSON.readTree(b.getBytes());
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static JsonNode withoutManagedFields(JsonNode obj) {
        JsonNode copy = obj.deepCopy();
        strip(copy);
        if (copy.path("items").isArray()) {
            copy.path("items").forEach(AuditEvents::strip);
        }
        return copy;
    }

    private static void strip(JsonNode obj) {
        if (obj.path("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
    }

    /** For tests and tools: the instant as an event prints it. */
    static String timestamp(Instant t) {
        return MICRO.format(t);
    }
}
