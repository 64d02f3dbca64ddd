package io.k3j.store.sql;

import io.k3j.store.StoreException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs blocking work on a given thread pool and completes on the caller's Vert.x context. */
final class Blocking {
    private Blocking() {
    }

    /**
     * Like {@link #run} but completes on the worker thread itself: for the group committer, which fans results
     * out to each caller's context anyway, so a hop through one more context would only add latency.
     */
    static <T> Future<T> runHere(Executor executor, Callable<T> work) {
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                try {
                    promise.complete(work.call());
                } catch (StoreException e) {
                    promise.fail(e);
                } catch (Exception e) {
                    promise.fail(new StoreException.Unavailable("datastore error: " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new StoreException.Unavailable("datastore is closed", e));
        }
        return promise.future();
    }

    static <T> Future<T> run(Vertx vertx, Executor executor, Callable<T> work) {
        Context ctx = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            executor.execute(() -> {
                T result;
                try {
                    result = work.call();
                } catch (StoreException e) {
                    ctx.runOnContext(v -> promise.fail(e));
                    return;
                } catch (Exception e) {
                    ctx.runOnContext(v -> promise.fail(new StoreException.Unavailable("datastore error: " + e.getMessage(), e)));
                    return;
                }
                ctx.runOnContext(v -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new StoreException.Unavailable("datastore is closed", e));
        }
        return promise.future();
    }
}
