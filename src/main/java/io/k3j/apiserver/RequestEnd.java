package io.k3j.apiserver;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * "When this request is over" hooks (request metrics, the audit's ResponseComplete) that also run for a request
 * upgraded to a WebSocket: vertx-web's end handlers follow the HTTP response, which an upgraded request never
 * ends, so the WebSocket's owner calls {@link #upgradedRequestDone} when the socket closes. Each hook runs once.
 */
public final class RequestEnd {

    private static final String HOOKS = "k3j.requestEnd.hooks";

    private RequestEnd() {
    }

    public static void add(RoutingContext ctx, Handler<AsyncResult<Void>> hook) {
        Hook h = new Hook(hook);
        List<Hook> hooks = ctx.get(HOOKS);
        if (hooks == null) {
            hooks = new ArrayList<>();
            ctx.put(HOOKS, hooks);
        }
        hooks.add(h);
        ctx.addEndHandler(h::run);
    }

    /** The request was upgraded and its socket is now closed: run the hooks not yet run. */
    public static void upgradedRequestDone(RoutingContext ctx) {
        List<Hook> hooks = ctx.get(HOOKS);
        if (hooks != null) {
            for (Hook h : List.copyOf(hooks)) {
                h.run(Future.succeededFuture());
            }
        }
    }

    private static final class Hook {
        private final Handler<AsyncResult<Void>> handler;
        private boolean done;

        Hook(Handler<AsyncResult<Void>> handler) {
            this.handler = handler;
        }

        void run(AsyncResult<Void> result) {
            if (!done) {
                done = true;
                handler.handle(result);
            }
        }
    }
}
