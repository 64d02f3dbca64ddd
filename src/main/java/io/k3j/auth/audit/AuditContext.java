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

    /** The response body as a Jackson JsonNode or Vert.x JsonObject. */
    public static final String RESPONSE_OBJECT = "k3j.audit.responseObject";
    static final String ANNOTATIONS = "k3j.audit.annotations";

    private AuditContext() {
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
