package io.k3j.admission.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.support.LiveReads;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a ServiceAccount as upstream's plugin does: the watch cache first, then a live read; the "default"
 * account, which the ServiceAccount controller creates right after its namespace, is read up to ten times
 * 100-200 ms apart before the pod is refused (on timers, never blocking the event loop).
 */
class ServiceAccounts {

    static final int DEFAULT_ATTEMPTS = 10;

    private final Vertx vertx;
    private final AdmissionLookup lookup;
    private final LiveReads live;

    ServiceAccounts(AdmissionEnv env) {
        this(env.vertx(), env.lookup(), new LiveReads(env.store()));
    }

    ServiceAccounts(Vertx vertx, AdmissionLookup lookup, LiveReads live) {
        this.vertx = vertx;
        this.lookup = lookup;
        this.live = live;
    }

    /** The account, or null when it does not exist. */
    Future<ObjectNode> get(String namespace, String name) {
        return lookup.get("", "serviceaccounts", namespace, name).compose(sa -> {
            if (sa != null) {
                return Future.succeededFuture(sa);
            }
            int attempts = name.equals(ServiceAccountPlugin.DEFAULT_ACCOUNT) ? DEFAULT_ATTEMPTS : 1;
            long interval = 100 + ThreadLocalRandom.current().nextLong(100);
            return liveRead(namespace, name, attempts, interval);
        });
    }

    private Future<ObjectNode> liveRead(String namespace, String name, int attemptsLeft, long intervalMs) {
        return live.get("", "serviceaccounts", namespace, name).compose(sa -> {
            if (sa != null || attemptsLeft <= 1) {
                return Future.succeededFuture(sa);
            }
            Promise<Void> wait = Promise.promise();
            vertx.setTimer(intervalMs, t -> wait.complete());
            return wait.future().compose(v -> liveRead(namespace, name, attemptsLeft - 1, intervalMs));
        });
    }
}
