package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * admission.k8s.io/v1 AdmissionReview: the request body sent to a webhook (the same fields upstream sends) and the
 * checks upstream applies to the response before trusting it.
 */
public final class AdmissionReviews {

    public static final String API_VERSION = "admission.k8s.io/v1";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AdmissionReviews() {
    }

    /** The whole review: {@code {"kind":"AdmissionReview","apiVersion":...,"request":{...}}}. */
    public static ObjectNode review(AdmissionRequest r, String uid) {
        ObjectNode review = F.objectNode();
        review.put("kind", "AdmissionReview");
        review.put("apiVersion", API_VERSION);
        ObjectNode req = attributes(r);
        req.put("uid", uid);
        if (r.object() != null) {
            req.set("object", r.object());
        }
        if (r.oldObject() != null) {
            req.set("oldObject", r.oldObject());
        }
        review.set("request", reorder(req));
        return review;
    }

    /**
     * The request's attributes without the objects: kind, resource, subResource, requestKind, requestResource,
     * requestSubResource, name, namespace, operation, userInfo, dryRun, options. This is also CEL's {@code request}.
     */
    public static ObjectNode attributes(AdmissionRequest r) {
        ObjectNode req = F.objectNode();
        ObjectNode kind = kind(r);
        ObjectNode resource = F.objectNode().put("group", r.group()).put("version", r.version())
                .put("resource", r.resource());
        req.set("kind", kind);
        req.set("resource", resource);
        if (!r.subresource().isEmpty()) {
            req.put("subResource", r.subresource());
        }
        // k3j serves one version per resource, so the request's kind and resource are the converted ones
        req.set("requestKind", kind.deepCopy());
        req.set("requestResource", resource.deepCopy());
        if (!r.subresource().isEmpty()) {
            req.put("requestSubResource", r.subresource());
        }
        if (!r.name().isEmpty()) {
            req.put("name", r.name());
        }
        if (!r.namespace().isEmpty()) {
            req.put("namespace", r.namespace());
        }
        req.put("operation", r.operation().name());
        req.set("userInfo", userInfo(r.user()));
        req.put("dryRun", r.dryRun());
        ObjectNode options = options(r);
        if (options != null) {
            req.set("options", options);
        }
        return req;
    }

    /** A subresource's kind lives in its own group (Scale is autoscaling/v1, Eviction policy/v1). */
    private static ObjectNode kind(AdmissionRequest r) {
        String group = r.group();
        String version = r.version();
        if (!r.subresource().isEmpty()) {
            switch (r.kind()) {
                case "Scale" -> { group = "autoscaling"; version = "v1"; }
                case "Eviction" -> { group = "policy"; version = "v1"; }
                case "Binding", "TokenRequest" -> { group = r.kind().equals("Binding") ? "" : "authentication.k8s.io"; version = "v1"; }
                default -> { }
            }
        }
        return F.objectNode().put("group", group).put("version", version).put("kind", r.kind());
    }

    private static ObjectNode userInfo(UserInfo u) {
        ObjectNode n = F.objectNode();
        if (u == null) {
            return n;
        }
        n.put("username", u.name());
        if (!u.uid().isEmpty()) {
            n.put("uid", u.uid());
        }
        if (!u.groups().isEmpty()) {
            ArrayNode g = n.putArray("groups");
            u.groups().forEach(g::add);
        }
        if (!u.extra().isEmpty()) {
            ObjectNode extra = n.putObject("extra");
            u.extra().forEach((k, v) -> {
                ArrayNode a = extra.putArray(k);
                v.forEach(a::add);
            });
        }
        return n;
    }

    /** Upstream sends the operation's options with their own kind (CreateOptions, UpdateOptions, DeleteOptions). */
    private static ObjectNode options(AdmissionRequest r) {
        String kind = switch (r.operation()) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
            case CONNECT -> null;
        };
        if (r.options() == null) {
            return kind == null ? null : F.objectNode().put("kind", kind).put("apiVersion", "meta.k8s.io/v1");
        }
        ObjectNode o = r.options().deepCopy();
        if (!o.has("kind") && kind != null) {
            o.put("kind", kind);
            o.put("apiVersion", "meta.k8s.io/v1");
        }
        return o;
    }

    /** Upstream's field order (uid first), so request bodies read like kube-apiserver's. */
    private static ObjectNode reorder(ObjectNode req) {
        ObjectNode out = F.objectNode();
        for (String f : List.of("uid", "kind", "resource", "subResource", "requestKind", "requestResource",
                "requestSubResource", "name", "namespace", "operation", "userInfo", "object", "oldObject", "dryRun",
                "options")) {
            if (req.has(f)) {
                out.set(f, req.get(f));
            }
        }
        return out;
    }

    /** What a webhook answered, after upstream's checks. */
    public record Response(boolean allowed, JsonNode patch, String patchType, JsonNode status, List<String> warnings,
                           Map<String, String> auditAnnotations) {
    }

    /** A response upstream refuses to trust ("received invalid webhook response: ..."). */
    public static final class InvalidResponse extends Exception {
        public InvalidResponse(String message) {
            super(message, null, false, false);
        }
    }

    public static Response verify(JsonNode body, String uid, boolean mutating) throws InvalidResponse {
        JsonNode resp = body.get("response");
        if (resp == null || resp.isNull()) {
            throw new InvalidResponse("webhook response was absent");
        }
        String gotUid = resp.path("uid").asText("");
        if (!gotUid.equals(uid)) {
            throw new InvalidResponse("expected response.uid=\"" + uid + "\", got \"" + gotUid + "\"");
        }
        String apiVersion = body.path("apiVersion").asText("");
        String kind = body.path("kind").asText("");
        if (!apiVersion.equals(API_VERSION) || !kind.equals("AdmissionReview")) {
            throw new InvalidResponse("expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got "
                    + gvkString(apiVersion, kind));
        }
        String patchB64 = resp.path("patch").asText("");
        boolean hasPatchType = resp.hasNonNull("patchType");
        JsonNode patch = null;
        String patchType = null;
        if (mutating) {
            if (!patchB64.isEmpty() && !hasPatchType) {
                throw new InvalidResponse("webhook returned response.patch but not response.patchType");
            }
            if (patchB64.isEmpty() && hasPatchType) {
                throw new InvalidResponse("webhook returned response.patchType but not response.patch");
            }
            if (hasPatchType) {
                patchType = resp.get("patchType").asText();
                if (patchType.isEmpty()) {
                    throw new InvalidResponse("webhook returned invalid response.patchType of \"\"");
                }
                patch = decodePatch(patchB64);
            }
        } else {
            if (!patchB64.isEmpty()) {
                throw new InvalidResponse("validating webhook may not return response.patch");
            }
            if (hasPatchType) {
                throw new InvalidResponse("validating webhook may not return response.patchType");
            }
        }
        List<String> warnings = new ArrayList<>();
        resp.path("warnings").forEach(w -> warnings.add(w.asText()));
        Map<String, String> annotations = new LinkedHashMap<>();
        resp.path("auditAnnotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Response(resp.path("allowed").asBoolean(false), patch, patchType, resp.get("status"),
                List.copyOf(warnings), annotations);
    }

    private static JsonNode decodePatch(String b64) throws InvalidResponse {
        try {
            return io.k3j.apiserver.rest.Json.MAPPER.readTree(Base64.getDecoder().decode(b64));
        } catch (IllegalArgumentException | java.io.IOException e) {
            // upstream fails the []byte decode of the review itself; the webhook call fails either way
            throw new InvalidResponse("illegal base64 data in response.patch");
        }
    }

    private static String gvkString(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return (group.isEmpty() ? "/" : group + "/") + version + ", Kind=" + kind;
    }
}
