package io.k3j.admission.quota;

import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.quota.Evaluator;
import io.k3j.quota.Evaluators;
import io.k3j.quota.LimitedResource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's ResourceQuota admission plugin, last in the chain: a create (or a usage-changing update) in a namespace
 * with quotas is charged against every quota that applies, and refused with upstream's texts when it would exceed one
 * ("exceeded quota: ..."), when a pod leaves out cpu or memory a quota enforces ("failed quota: ..."), or when a quota
 * has not been counted yet ("status unknown for quota: ..."). The charge is written to the quota's
 * {@code status.used} before the request is admitted, so concurrent creates can never overshoot; the resourcequota
 * controller later recounts from the objects (releasing what deleted or finished objects held, and charges whose
 * write then failed).
 *
 * <p>Requests of one namespace are batched: while a round is being decided and written, new requests gather and go
 * together in the next round (one read and one write per quota for the whole batch), as upstream's evaluator does.
 */
public final class ResourceQuotaPlugin implements ValidatingPlugin {

    public static final String NAME = "ResourceQuota";

    private final AdmissionEnv env;
    private final List<LimitedResource> limited;
    private final QuotaEvaluation evaluation;
    /** namespace → requests waiting for the next round; a key is present while a round for it runs. */
    private final Map<String, List<QuotaEvaluation.Waiter>> pending = new HashMap<>();

    public ResourceQuotaPlugin(AdmissionEnv env) {
        this.env = env;
        this.limited = LimitedResource.fromConfiguration(env.config(NAME).orElse(null));
        Clock clock = env.clock();
        this.evaluation = new QuotaEvaluation(new QuotaStatusStore(env.store()), limited, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        if (r.namespace().isEmpty() || (r.operation() != Operation.CREATE && r.operation() != Operation.UPDATE)) {
            return false;
        }
        Evaluator e = Evaluators.of(r.group(), r.resource());
        return e != null && e.handles(r.operation(), r.subresource(), r.object(), r.oldObject());
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        Evaluator e = Evaluators.of(r.group(), r.resource());
        // Most namespaces have no quota: the watch cache says so without a datastore read.
        return env.lookup().list("", "resourcequotas", r.namespace()).compose(quotas -> {
            if (quotas.isEmpty() && limited.isEmpty()) {
                return Future.succeededFuture();
            }
            return enqueue(r, e);
        });
    }

    private Future<Void> enqueue(AdmissionRequest r, Evaluator e) {
        Context caller = env.vertx().getOrCreateContext();
        Promise<Void> verdict = Promise.promise();
        QuotaEvaluation.Waiter w = new QuotaEvaluation.Waiter(r, e, result -> caller.runOnContext(v -> {
            if (result == null) {
                verdict.complete();
            } else {
                verdict.fail(result);
            }
        }));
        boolean start;
        synchronized (pending) {
            List<QuotaEvaluation.Waiter> queue = pending.get(r.namespace());
            start = queue == null;
            if (start) {
                pending.put(r.namespace(), new ArrayList<>());
            } else {
                queue.add(w);
            }
        }
        if (start) {
            runRound(r.namespace(), List.of(w));
        }
        return verdict.future();
    }

    /** Decides {@code batch}, then the requests that arrived meanwhile, until none wait. */
    private void runRound(String namespace, List<QuotaEvaluation.Waiter> batch) {
        evaluation.run(namespace, batch).onComplete(v -> {
            List<QuotaEvaluation.Waiter> next;
            synchronized (pending) {
                next = pending.get(namespace);
                if (next.isEmpty()) {
                    pending.remove(namespace);
                    return;
                }
                pending.put(namespace, new ArrayList<>());
            }
            runRound(namespace, next);
        });
    }
}
