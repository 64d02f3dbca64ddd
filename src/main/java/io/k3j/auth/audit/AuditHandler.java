package io.k3j.auth.audit;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The router step that audits a request, placed right after authentication: it asks the policy for the level,
 * records RequestReceived at once, ResponseStarted when a long-running response (watch, exec…) sends its headers,
 * and ResponseComplete (or Panic, for an unexpected server error) when the response ends. Every response of an
 * audited request carries the {@code Audit-Id} header. Nothing here waits: events are handed to the
 * {@link AuditBackend}'s queue.
 */
public final class AuditHandler {

    private static final Set<String> LONG_RUNNING_SUBRESOURCES = Set.of("exec", "attach", "portforward", "proxy");

    private final Audit audit;
    private final Function<RoutingContext, AuditRequest> describe;

    /** @param describe the authenticated user and the parsed request, as the API server knows them */
    public AuditHandler(Audit audit, Function<RoutingContext, AuditRequest> describe) {
        this.audit = audit;
        this.describe = describe;
    }

    public void handle(RoutingContext ctx) {
        AuditRequest request = describe.apply(ctx);
        AuditPolicy.Decision decision = audit.policy().evaluate(request);
        if (decision.level() == AuditLevel.NONE) {
            ctx.next();
            return;
        }
        HttpServerRequest http = ctx.request();
        String given = http.getHeader("Audit-ID");
        String auditId = given != null && !given.isBlank() && given.length() <= 64 ? given : UUID.randomUUID().toString();
        Instant received = Instant.now();
        Base base = new Base(auditId, decision, request, http.uri(), sourceIPs(ctx), http.getHeader("User-Agent"), received);
        ctx.response().putHeader("Audit-Id", auditId);
        if (decision.level().atLeast(AuditLevel.REQUEST)) {
            ctx.put(AuditContext.WANTS_REQUEST_OBJECT, Boolean.TRUE);
        }
        emit(base, AuditStage.REQUEST_RECEIVED, 0, null, null, null, null, ctx);
        if (longRunning(request, http)) {
            ctx.response().headersEndHandler(v ->
                    emit(base, AuditStage.RESPONSE_STARTED, ctx.response().getStatusCode(), null, null, null, null, ctx));
        }
        io.k3j.apiserver.RequestEnd.add(ctx, ar -> {
            int code = ctx.response().getStatusCode();
            boolean panic = ctx.failure() != null && code >= 500;
            byte[] body = null;
            String contentType = null;
            if (ctx.body() != null && ctx.body().available()) {
                Buffer b = ctx.body().buffer();
                body = b == null ? null : b.getBytes();
                contentType = http.getHeader("Content-Type");
            }
            emit(base, panic ? AuditStage.PANIC : AuditStage.RESPONSE_COMPLETE, code, ctx.get(AuditContext.RESPONSE_OBJECT),
                    ctx.get(AuditContext.REQUEST_OBJECT), body, contentType, ctx);
        });
        ctx.next();
    }

    private record Base(String auditId, AuditPolicy.Decision decision, AuditRequest request, String uri,
                        List<String> sourceIPs, String userAgent, Instant received) {
    }

    private void emit(Base b, AuditStage stage, int code, Object responseObject,
                      com.fasterxml.jackson.databind.JsonNode requestObject, byte[] body, String contentType, RoutingContext ctx) {
        if (!b.decision().records(stage)) {
            return;
        }
        audit.backend().offer(new AuditEntry(b.auditId(), stage, b.decision(), b.request(), b.uri(), b.sourceIPs(),
                b.userAgent(), code, responseObject, requestObject, body, contentType, b.received(), Instant.now(),
                AuditContext.annotations(ctx)));
    }

    private static boolean longRunning(AuditRequest r, HttpServerRequest http) {
        return r.verb().equals("watch") || LONG_RUNNING_SUBRESOURCES.contains(r.subresource())
                || (r.subresource().equals("log") && "true".equals(http.getParam("follow")));
    }

    /** X-Forwarded-For, then X-Real-Ip, then the peer, without repeats (upstream's order). */
    private static List<String> sourceIPs(RoutingContext ctx) {
        List<String> ips = new ArrayList<>();
        String forwarded = ctx.request().getHeader("X-Forwarded-For");
        if (forwarded != null) {
            for (String part : forwarded.split(",")) {
                String ip = part.trim();
                if (!ip.isEmpty() && !ips.contains(ip)) {
                    ips.add(ip);
                }
            }
        }
        String real = ctx.request().getHeader("X-Real-Ip");
        if (real != null && !real.isBlank() && !ips.contains(real.trim())) {
            ips.add(real.trim());
        }
        if (ctx.request().remoteAddress() != null) {
            String peer = ctx.request().remoteAddress().hostAddress();
            if (peer != null && !ips.contains(peer)) {
                ips.add(peer);
            }
        }
        return ips;
    }
}
