package io.k3j.admission.quota;

import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionRequest;
import io.k3j.quota.Evaluator;
import io.k3j.quota.LimitedResource;
import io.k3j.quota.QuotaCheck;
import io.k3j.quota.QuotaDenied;
import io.k3j.quota.QuotaObject;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One round of quota admission for a batch of requests in one namespace (upstream's checkQuotas): each request is
 * checked against the usage the requests before it would leave, the quotas that changed are written with a
 * compare-and-swap, and only then are the charged requests admitted. A lost compare-and-swap re-reads the quotas
 * that failed and checks the undecided requests again, up to three times.
 */
final class QuotaEvaluation {

    static final int RETRIES = 3;

    /** One request waiting for its verdict; {@code done} is called exactly once (null = admitted). */
    static final class Waiter {
        final AdmissionRequest request;
        final Evaluator evaluator;
        final Consumer<Throwable> done;
        Throwable result;
        boolean decided;

        Waiter(AdmissionRequest request, Evaluator evaluator, Consumer<Throwable> done) {
            this.request = request;
            this.evaluator = evaluator;
            this.done = done;
        }

        void decide(Throwable verdict) {
            result = verdict;
            decided = true;
        }
    }

    private final QuotaStatusStore store;
    private final List<LimitedResource> limited;
    private final Clock clock;

    QuotaEvaluation(QuotaStatusStore store, List<LimitedResource> limited, Clock clock) {
        this.store = store;
        this.limited = limited;
        this.clock = clock;
    }

    /** Decides every waiter of the batch; the future completes when all are decided (it never fails). */
    Future<Void> run(String namespace, List<Waiter> batch) {
        return store.read(namespace)
                .compose(quotas -> round(namespace, quotas, batch, RETRIES))
                .recover(e -> {
                    batch.forEach(w -> {
                        if (!w.decided) {
                            w.decide(e);
                        }
                    });
                    return Future.succeededFuture();
                })
                .onComplete(v -> batch.forEach(w -> w.done.accept(w.result)));
    }

    private Future<Void> round(String namespace, List<QuotaStatusStore.Stored> stored, List<Waiter> batch, int retries) {
        List<QuotaObject> running = new ArrayList<>(stored.stream().map(QuotaStatusStore.Stored::quota).toList());
        List<Waiter> charged = new ArrayList<>();
        for (Waiter w : batch) {
            if (w.decided) {
                continue;
            }
            List<QuotaObject> next;
            try {
                next = QuotaCheck.check(running, request(w), w.evaluator, limited, clock.instant());
            } catch (QuotaDenied d) {
                w.decide(denial(w.request, d));
                continue;
            }
            if (w.request.dryRun() || !changed(running, next)) {
                w.decide(null); // a dry run is checked, never charged
                continue;
            }
            charged.add(w);
            running = next;
        }
        List<Future<Void>> writes = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Throwable[] lastError = new Throwable[1];
        for (int i = 0; i < stored.size(); i++) {
            QuotaStatusStore.Stored s = stored.get(i);
            QuotaObject now = running.get(i);
            if (now.used().sameAs(s.quota().used())) {
                continue;
            }
            writes.add(store.writeUsed(s, now.used()).recover(e -> {
                synchronized (failed) {
                    failed.add(s.quota().name());
                    lastError[0] = e;
                }
                return Future.succeededFuture();
            }));
        }
        return Future.all(writes).compose(v -> {
            if (failed.isEmpty()) {
                charged.forEach(w -> w.decide(null));
                return Future.succeededFuture();
            }
            if (retries <= 0) {
                Throwable why = lastError[0] instanceof StoreException.Conflict
                        ? new AdmissionDenied(409, "Conflict", "Operation cannot be fulfilled on resourcequotas \""
                        + failed.get(0) + "\": the object has been modified; please apply your changes to the latest version and try again", List.of())
                        : lastError[0];
                charged.forEach(w -> w.decide(why));
                return Future.succeededFuture();
            }
            Set<String> retry = new HashSet<>(failed);
            return store.read(namespace).compose(fresh -> round(namespace,
                    fresh.stream().filter(s -> retry.contains(s.quota().name())).toList(), charged, retries - 1));
        });
    }

    private static boolean changed(List<QuotaObject> before, List<QuotaObject> after) {
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).used().sameAs(after.get(i).used())) {
                return true;
            }
        }
        return false;
    }

    private static QuotaCheck.Request request(Waiter w) {
        AdmissionRequest r = w.request;
        return new QuotaCheck.Request(r.operation(), r.group(), r.resource(), r.subresource(), r.object(), r.oldObject());
    }

    private static AdmissionDenied denial(AdmissionRequest r, QuotaDenied d) {
        return d.forbidden() ? AdmissionDenied.forbidden(r, d.getMessage())
                : new AdmissionDenied(500, "InternalError", "Internal error occurred: " + d.getMessage(), List.of());
    }
}
