package io.k3j.apiserver;

import io.k3j.server.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * /healthz, /livez and /readyz in kube-apiserver's format. Each named check is asked over the
 * event bus ({@code k3j.health.<name>}) so the component that owns the state answers for it;
 * "ping", "log" and "shutdown" are answered here.
 */
final class HealthEndpoints {

    private static final DeliveryOptions CHECK_TIMEOUT = new DeliveryOptions().setSendTimeout(2_000);

    private final Vertx vertx;
    private final List<String> checks;
    private final BooleanSupplier shuttingDown;

    HealthEndpoints(Vertx vertx, List<String> componentChecks, BooleanSupplier shuttingDown) {
        this.vertx = vertx;
        List<String> all = new ArrayList<>();
        all.add("ping");
        all.add("log");
        all.addAll(componentChecks);
        this.checks = List.copyOf(all);
        this.shuttingDown = shuttingDown;
    }

    /** Handles /healthz, /livez, /readyz and /&lt;kind&gt;/&lt;check&gt;. */
    void handle(RoutingContext ctx, String kind, String single) {
        boolean readiness = kind.equals("readyz");
        List<String> names = new ArrayList<>(checks);
        if (readiness) {
            names.add("shutdown");
        }
        if (single != null) {
            if (!names.contains(single)) {
                Responses.notFound(ctx.response());
                return;
            }
            run(single).onComplete(ar -> {
                if (ar.succeeded()) {
                    text(ctx, 200, "ok");
                } else {
                    text(ctx, 500, "internal server error: " + single + " check failed");
                }
            });
            return;
        }
        Set<String> excluded = new HashSet<>(ctx.queryParam("exclude"));
        List<Future<Void>> results = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String n : names) {
            if (!excluded.contains(n)) {
                run.add(n);
                results.add(run(n));
            }
        }
        boolean verbose = ctx.request().params().contains("verbose");
        Future.join(results).onComplete(ignored -> {
            StringBuilder body = new StringBuilder();
            boolean ok = true;
            for (int i = 0; i < run.size(); i++) {
                if (results.get(i).succeeded()) {
                    body.append("[+]").append(run.get(i)).append(" ok\n");
                } else {
                    ok = false;
                    body.append("[-]").append(run.get(i)).append(" failed: reason withheld\n");
                }
            }
            for (String n : excluded) {
                if (names.contains(n)) {
                    body.append("[+]").append(n).append(" excluded: ok\n");
                }
            }
            if (ok && !verbose) {
                text(ctx, 200, "ok");
            } else {
                body.append(kind).append(ok ? " check passed\n" : " check failed\n");
                text(ctx, ok ? 200 : 500, body.toString());
            }
        });
    }

    private Future<Void> run(String name) {
        return switch (name) {
            case "ping", "log" -> Future.succeededFuture();
            case "shutdown" -> shuttingDown.getAsBoolean()
                    ? Future.failedFuture("process is shutting down") : Future.succeededFuture();
            default -> vertx.eventBus().request(Addresses.health(name), null, CHECK_TIMEOUT)
                    .<Void>mapEmpty()
                    .recover(e -> Future.failedFuture(e instanceof ReplyException r ? r.getMessage() : String.valueOf(e)));
        };
    }

    private static void text(RoutingContext ctx, int code, String body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(code)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "no-cache, private")
                .end(body);
    }
}
