package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.match.ExemptResources;
import io.k3j.api.patch.JsonPatch;
import io.k3j.api.patch.PatchException;
import io.vertx.core.Future;

import java.util.List;

/**
 * MutatingAdmissionWebhook: calls the matching webhooks of every MutatingWebhookConfiguration one after the other
 * (configurations by name, webhooks in order), each seeing the previous ones' patches. A webhook with
 * {@code reinvocationPolicy: IfNeeded} is called once more, after the first round, when a later webhook changed the
 * object after it ran (upstream also reinvokes after in-tree plugins' changes; k3j's chain runs in-tree plugins once).
 */
public final class MutatingWebhookPlugin implements MutatingPlugin {

    public static final String NAME = "MutatingAdmissionWebhook";
    static final String MUTATION_ANNOTATION = "mutation.webhook.admission.k8s.io/";
    static final String FAILED_OPEN_ANNOTATION = "failed-open." + MUTATION_ANNOTATION;

    private final WebhookSource source;
    private final WebhookInvoker invoker;

    public MutatingWebhookPlugin(AdmissionEnv env) {
        this.source = WebhookSource.mutating(env.lookup());
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
    public Future<Void> admit(AdmissionRequest r) {
        return source.webhooks().compose(hooks -> {
            if (hooks.isEmpty()) {
                return Future.succeededFuture();
            }
            Round first = new Round(0, hooks, new boolean[hooks.size()]);
            java.util.Arrays.fill(first.eligible, true);
            return first.run(r, 0).compose(v -> {
                Round second = first.reinvocation();
                return second == null ? Future.succeededFuture() : second.run(r, 0);
            });
        });
    }

    /** One pass over the webhooks; remembers who ran and where the object last changed, for reinvocation. */
    private final class Round {
        final int number;
        final List<WebhookSpec> hooks;
        final boolean[] eligible;
        final boolean[] invoked;
        int lastChange = -1;

        Round(int number, List<WebhookSpec> hooks, boolean[] eligible) {
            this.number = number;
            this.hooks = hooks;
            this.eligible = eligible;
            this.invoked = new boolean[hooks.size()];
        }

        Future<Void> run(AdmissionRequest r, int i) {
            if (i == hooks.size()) {
                return Future.succeededFuture();
            }
            if (!eligible[i]) {
                return run(r, i + 1);
            }
            WebhookSpec hook = hooks.get(i);
            return invoker.applies(hook, r)
                    .compose(applies -> applies ? callOne(hook, r, i) : Future.succeededFuture())
                    .recover(e -> handleFailure(hook, r, i, e))
                    .compose(v -> run(r, i + 1));
        }

        private Future<Void> callOne(WebhookSpec hook, AdmissionRequest r, int i) {
            invoked[i] = true;
            return invoker.call(hook, r, true).map(resp -> {
                boolean changed = applyPatch(hook, r, resp);
                if (changed) {
                    lastChange = i;
                }
                r.annotate(MUTATION_ANNOTATION + "round_" + number + "_index_" + i,
                        "{\"configuration\":\"" + hook.configuration() + "\",\"webhook\":\"" + hook.name()
                                + "\",\"mutated\":" + changed + "}");
                return null;
            });
        }

        private Future<Void> handleFailure(WebhookSpec hook, AdmissionRequest r, int i, Throwable e) {
            if (e instanceof WebhookCallFailure f) {
                if (hook.failOpen()) {
                    r.annotate(FAILED_OPEN_ANNOTATION + "round_" + number + "_index_" + i, hook.name());
                    return Future.succeededFuture();
                }
                return Future.failedFuture(WebhookInvoker.callFailed(hook.name(), f));
            }
            if (e instanceof AdmissionDenied) {
                return Future.failedFuture(e);
            }
            return Future.failedFuture(WebhookInvoker.internal(String.valueOf(e.getMessage())));
        }

        /** The second round: IfNeeded webhooks that ran before the object's last change; null when none. */
        Round reinvocation() {
            if (number > 0 || lastChange < 0) {
                return null;
            }
            boolean[] again = new boolean[hooks.size()];
            boolean any = false;
            for (int i = 0; i < lastChange; i++) {
                again[i] = invoked[i] && hooks.get(i).reinvokeIfNeeded();
                any |= again[i];
            }
            return any ? new Round(1, hooks, again) : null;
        }
    }

    /** Applies the webhook's JSONPatch to the request's object in place; true when the object changed. */
    private static boolean applyPatch(WebhookSpec hook, AdmissionRequest r, AdmissionReviews.Response resp) {
        if (resp.patch() == null) {
            return false;
        }
        if (!"JSONPatch".equals(resp.patchType())) {
            throw new WebhookCallFailure("unsupported patch type \"" + resp.patchType() + "\"");
        }
        if (resp.patch().isArray() && resp.patch().isEmpty()) {
            return false;
        }
        ObjectNode object = r.object();
        if (object == null) {
            throw WebhookInvoker.internal("admission webhook \"" + hook.name()
                    + "\" attempted to modify the object, which is not supported for this operation");
        }
        JsonNode patched;
        try {
            patched = JsonPatch.apply(object, resp.patch());
        } catch (PatchException e) {
            throw WebhookInvoker.internal(e.getMessage());
        }
        if (!(patched instanceof ObjectNode p) || p.equals(object)) {
            return false;
        }
        object.removeAll();
        object.setAll(p);
        return true;
    }

}
