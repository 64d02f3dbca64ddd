package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.api.schema.FieldError;
import io.k3j.apiserver.RequestUser;
import io.k3j.auth.audit.AuditContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path's side of the admission chain: builds the {@link AdmissionRequest} for a REST request, runs the
 * mutating or validating phase, hands the plugins' warnings to the client as {@code Warning} headers and their
 * annotations to the audit event (even when a plugin refuses), and turns a refusal into the Status upstream sends.
 */
public final class Admission {

    /** Per admission request: how many of its warnings already went out as headers. */
    private static final String SENT = "k3j.admission.warningsSent";

    private final AdmissionChain chain;

    Admission(AdmissionChain chain) {
        this.chain = chain;
    }

    /**
     * @param name   the object's name (from the URL, else the object's own)
     * @param object the new object (CREATE, UPDATE), null on DELETE
     * @param old    the stored object (UPDATE, DELETE), null on CREATE
     * @param kind   the kind of {@code object} (Scale, Binding, Eviction for those subresources)
     */
    AdmissionRequest request(RestRequest r, Operation op, String kind, String name, ObjectNode object, ObjectNode old,
                             ObjectNode options) {
        return new AdmissionRequest(op, r.d().group(), r.d().version(), r.d().resource(), r.info().subresource(), kind,
                r.namespace(), name, object, old, options, RequestUser.of(r.ctx()), r.dryRun());
    }

    /** A write of the main resource or its status/scale: the name from the URL, else the object's. */
    AdmissionRequest request(RestRequest r, Operation op, ObjectNode object, ObjectNode old) {
        String name = r.info().name();
        if (name.isEmpty() && object != null) {
            name = ObjectMetaRules.meta(object).path("name").asText("");
        }
        return request(r, op, r.scale() ? "Scale" : r.d().kind(), name, object, old, null);
    }

    /** The mutating phase: may change {@code a.object()}. */
    Future<Void> mutate(RestRequest r, AdmissionRequest a) {
        return finish(r.ctx(), a, chain.admit(a));
    }

    /** The validating phase, just before the store write. */
    Future<Void> validate(RestRequest r, AdmissionRequest a) {
        return finish(r.ctx(), a, chain.validate(a));
    }

    boolean empty() {
        return chain.plugins().isEmpty();
    }

    private static Future<Void> finish(RoutingContext ctx, AdmissionRequest a, Future<Void> phase) {
        return phase.transform(ar -> {
            publish(ctx, a);
            if (ar.failed()) {
                return Future.failedFuture(ar.cause() instanceof AdmissionDenied d ? toApiError(a, d) : ar.cause());
            }
            return Future.succeededFuture();
        });
    }

    /** Sends the request's new warnings and annotations; each request object may pass several phases. */
    private static void publish(RoutingContext ctx, AdmissionRequest a) {
        Map<AdmissionRequest, Integer> sent = ctx.get(SENT);
        if (sent == null) {
            sent = new IdentityHashMap<>();
            ctx.put(SENT, sent);
        }
        List<String> warnings = a.warnings();
        int from = sent.getOrDefault(a, 0);
        if (!ctx.response().headWritten()) {
            for (int i = from; i < warnings.size(); i++) {
                ctx.response().headers().add("Warning", warningHeader(warnings.get(i)));
            }
        }
        sent.put(a, warnings.size());
        for (Map.Entry<String, String> e : a.auditAnnotations().entrySet()) {
            AuditContext.annotate(ctx, e.getKey(), e.getValue());
        }
    }

    /** RFC 7234 warn-code 299 with the text as a quoted string, as upstream's warning recorder writes it. */
    static String warningHeader(String text) {
        StringBuilder b = new StringBuilder("299 - \"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' '); // header values are one line
            } else if (c >= 0x20 && c != 0x7f) {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** A refusal as upstream's Status: details name the object (by resource, or by kind for Invalid) and causes. */
    public static ApiError toApiError(AdmissionRequest a, AdmissionDenied d) {
        JsonObject details = new JsonObject();
        if (!a.name().isEmpty()) {
            details.put("name", a.name());
        }
        if (!a.group().isEmpty()) {
            details.put("group", a.group());
        }
        details.put("kind", d.code() == 422 && d.messageCauses().isEmpty() ? a.kind() : a.resource());
        if (!d.causes().isEmpty() || !d.messageCauses().isEmpty()) {
            JsonArray causes = new JsonArray();
            for (FieldError e : d.causes()) {
                causes.add(new JsonObject().put("reason", e.type().reason()).put("message", e.body()).put("field", e.field()));
            }
            d.messageCauses().forEach(m -> causes.add(new JsonObject().put("message", m)));
            details.put("causes", causes);
        }
        return new ApiError(d.code(), d.reason(), d.getMessage(), details);
    }
}
