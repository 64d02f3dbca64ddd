package io.k3j.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * At most {@code limit} requests of one client in flight; later ones wait their turn, in order. Over HTTP/1.1 every
 * concurrent request needs its own connection, and a burst (a ReplicaSet creating 500 pods, the scheduler binding
 * them) opened hundreds of TLS connections at once: a quarter of the server's CPU during a 1,000-pod rollout went to
 * handshakes. A few dozen kept-alive connections carry the same load. Thread-safe; a waiting request starts on the
 * context it was issued from.
 */
final class RequestGate {

    private record Waiting(Context context, Runnable start) {
    }

    private final int limit;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    RequestGate(int limit) {
        this.limit = limit;
    }

    <T> Future<T> submit(Supplier<Future<T>> request) {
        Promise<T> done = Promise.promise();
        Runnable start = () -> {
            Future<T> f;
            try {
                f = request.get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            f.onComplete(ar -> {
                release();
                done.handle(ar);
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight < limit;
            if (now) {
                inFlight++;
            } else {
                waiting.addLast(new Waiting(Vertx.currentContext(), start));
            }
        }
        if (now) {
            start.run();
        }
        return done.future();
    }

    private void release() {
        Waiting next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        // The slot passes to the next request, started on its own context (never nested in this completion).
        if (next.context() != null) {
            next.context().runOnContext(v -> next.start().run());
        } else {
            next.start().run();
        }
    }

    /** Requests waiting for a slot; for tests. */
    synchronized int waiting() {
        return waiting.size();
    }
}
