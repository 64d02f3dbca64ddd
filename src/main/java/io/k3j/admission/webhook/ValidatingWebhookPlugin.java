package io.k3j.admission.webhook;

import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.admission.match.ExemptResources;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * ValidatingAdmissionWebhook: calls every matching webhook of every ValidatingWebhookConfiguration at once, as
 * upstream does, and waits for all. The first refusal in configuration order wins (upstream returns whichever
 * finished first; k3j picks a deterministic one).
 */
public final class ValidatingWebhookPlugin implements ValidatingPlugin {

    public static final String NAME = "ValidatingAdmissionWebhook";
    static final String FAILED_OPEN_ANNOTATION = "failed-open.validating.webhook.admission.k8s.io/";

    private final WebhookSource source;
    private final WebhookInvoker invoker;

    public ValidatingWebhookPlugin(AdmissionEnv env) {
        this.source = WebhookSource.validating(env.lookup());
        this.invoker = new WebhookInvoker(env);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest request) {
        return !ExemptResources.exempt(request);
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        return source.webhooks().compose(hooks -> {
            if (hooks.isEmpty()) {
                return Future.succeededFuture();
            }
            List<Future<AdmissionDenied>> outcomes = new ArrayList<>(hooks.size());
            for (int i = 0; i < hooks.size(); i++) {
                outcomes.add(one(hooks.get(i), r, i));
            }
            return Future.join(outcomes).transform(ignored -> {
                for (Future<AdmissionDenied> f : outcomes) {
                    if (f.result() != null) {
                        return Future.failedFuture(f.result());
                    }
                }
                return Future.succeededFuture();
            });
        });
    }

    /** Never fails: completes with the refusal this webhook causes, or null. */
    private Future<AdmissionDenied> one(WebhookSpec hook, AdmissionRequest r, int index) {
        return invoker.applies(hook, r)
                .compose(applies -> applies ? invoker.call(hook, r, false).map(resp -> (AdmissionDenied) null)
                        : Future.succeededFuture((AdmissionDenied) null))
                .recover(e -> {
                    if (e instanceof WebhookCallFailure f) {
                        if (hook.failOpen()) {
                            r.annotate(FAILED_OPEN_ANNOTATION + "round_0_index_" + index, hook.name());
                            return Future.succeededFuture(null);
                        }
                        return Future.succeededFuture(WebhookInvoker.callFailed(hook.name(), f));
                    }
                    if (e instanceof AdmissionDenied d) {
                        return Future.succeededFuture(d);
                    }
                    return Future.succeededFuture(WebhookInvoker.internal(String.valueOf(e.getMessage())));
                });
    }
}
