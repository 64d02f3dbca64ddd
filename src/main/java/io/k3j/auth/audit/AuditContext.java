package io.k3j.auth.audit;

import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What request handlers leave in the routing context for the audit event: the object they sent (for level
 * RequestResponse and for the response status) and annotations (admission plugins add theirs, as upstream's
 * do, e.g. pod-security.kubernetes.io/enforce-policy).
 */
public final class AuditContext {

    /** The response body as a Jackson JsonNode, a Vert.x JsonObject, or the JSON bytes in a Buffer. */
    public static final String RESPONSE_OBJECT = "k3j.audit.responseObject";
    static final String ANNOTATIONS = "k3j.audit.annotations";
    /** Set by the audit handler when the policy wants the request object; the decoded object goes under REQUEST_OBJECT. */
    static final String WANTS_REQUEST_OBJECT = "k3j.audit.wantsRequestObject";
    static final String REQUEST_OBJECT = "k3j.audit.requestObject";

    private AuditContext() {
    }

    /**
     * The request body as the API server decoded it (JSON, YAML or protobuf), copied before anything mutates it,
     * as upstream logs it. Only copied when the request's audit level records request objects.
     */
    public static void recordRequestObject(RoutingContext ctx, com.fasterxml.jackson.databind.JsonNode decoded) {
        if (ctx.get(WANTS_REQUEST_OBJECT) != null) {
            ctx.put(REQUEST_OBJECT, decoded.deepCopy());
        }
    }

    public static void annotate(RoutingContext ctx, String key, String value) {
        Map<String, String> a = ctx.get(ANNOTATIONS);
        if (a == null) {
            a = new LinkedHashMap<>();
            ctx.put(ANNOTATIONS, a);
        }
        a.put(key, value);
    }

    static Map<String, String> annotations(RoutingContext ctx) {
        Map<String, String> a = ctx.get(ANNOTATIONS);
        return a == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(a));
    }
}
