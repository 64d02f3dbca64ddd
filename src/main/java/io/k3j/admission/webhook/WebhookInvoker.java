package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.cel.CelEnvironment;
import io.k3j.admission.cel.CelValues;
import io.k3j.admission.cel.CompiledExpression;
import io.k3j.admission.match.NamespaceLabels;
import io.k3j.admission.match.RuleWithOperations;
import io.k3j.apiserver.rest.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What both webhook plugins do with one webhook: decide whether it applies to the request (rules, namespaceSelector,
 * objectSelector, matchConditions), call it, and turn its answer into a verdict, with upstream's error texts.
 */
final class WebhookInvoker {

    private final NamespaceLabels namespaces;
    private final ServiceResolver services;
    private final WebhookClient client;

    WebhookInvoker(AdmissionEnv env) {
        this.namespaces = new NamespaceLabels(env.lookup());
        this.services = new ServiceResolver(env.lookup());
        this.client = new WebhookClient(env.vertx());
    }

    /** Rules and objectSelector first (no I/O), then the namespace's labels, then matchConditions. */
    Future<Boolean> applies(WebhookSpec hook, AdmissionRequest r) {
        if (!anyRule(hook.rules(), r) || !NamespaceLabels.objectMatches(hook.objectSelector(), r)) {
            return Future.succeededFuture(false);
        }
        return namespaces.matches(hook.namespaceSelector(), r).map(ns -> ns && conditionsHold(hook, r));
    }

    private static boolean anyRule(List<RuleWithOperations> rules, AdmissionRequest r) {
        for (RuleWithOperations rule : rules) {
            if (rule.matches(r)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Upstream: any condition false → skip; otherwise any error → a call failure (subject to failurePolicy).
     */
    private static boolean conditionsHold(WebhookSpec hook, AdmissionRequest r) {
        if (hook.matchConditions().isEmpty()) {
            return true;
        }
        Map<String, Object> activation = CelEnvironment.activation(CelValues.from(r.object()),
                CelValues.from(r.oldObject()), CelValues.from(AdmissionReviews.attributes(r)), CelValues.from(null),
                CelValues.from(null), Map.of());
        String error = null;
        for (WebhookSpec.MatchCondition c : hook.matchConditions()) {
            try {
                if (!c.expression().test(activation)) {
                    return false;
                }
            } catch (CompiledExpression.EvaluationError e) {
                if (error == null) {
                    error = "matchCondition '" + c.name() + "' resulted in error: " + e.getMessage();
                }
            }
        }
        if (error != null) {
            throw new WebhookCallFailure(error);
        }
        return true;
    }

    /**
     * Calls the webhook. Fails with {@link AdmissionDenied} for a refusal (or dry run on a webhook with side effects),
     * {@link WebhookCallFailure} when the webhook could not be asked or answered nonsense.
     */
    Future<AdmissionReviews.Response> call(WebhookSpec hook, AdmissionRequest r, boolean mutating) {
        if (r.dryRun() && !hook.sideEffectFreeOnDryRun()) {
            if (hook.sideEffects() == null) {
                return Future.failedFuture(new WebhookCallFailure("Webhook SideEffects is nil"));
            }
            return Future.failedFuture(new AdmissionDenied(400, "BadRequest",
                    "admission webhook \"" + hook.name() + "\" does not support dry run", List.of()));
        }
        String uid = UUID.randomUUID().toString();
        Buffer body;
        try {
            body = Buffer.buffer(Json.MAPPER.writeValueAsBytes(AdmissionReviews.review(r, uid)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Future.failedFuture(new WebhookCallFailure("could not create admission objects: " + e.getMessage()));
        }
        return services.resolve(hook.clientConfig())
                .recover(e -> Future.failedFuture(e instanceof WebhookCallFailure ? e
                        : new WebhookCallFailure("failed to call webhook: " + e.getMessage())))
                .compose(ep -> client.post(ep, hook.clientConfig().caBundlePem(), hook.timeoutSeconds(), body))
                .map(json -> verified(hook, r, json, uid, mutating));
    }

    private static AdmissionReviews.Response verified(WebhookSpec hook, AdmissionRequest r, JsonNode json, String uid,
                                                      boolean mutating) {
        AdmissionReviews.Response resp;
        try {
            resp = AdmissionReviews.verify(json, uid, mutating);
        } catch (AdmissionReviews.InvalidResponse e) {
            throw new WebhookCallFailure("received invalid webhook response: " + e.getMessage());
        }
        resp.auditAnnotations().forEach((k, v) -> r.annotate(hook.name() + "/" + k, v));
        resp.warnings().forEach(r::warn);
        if (!resp.allowed()) {
            throw denial(hook.name(), resp.status());
        }
        return resp;
    }

    /**
     * Upstream's ToStatusErr: the webhook's status with its message prefixed by
     * {@code admission webhook "<name>" denied the request}; code 403 and reason Forbidden when it gave none.
     */
    static AdmissionDenied denial(String webhook, JsonNode status) {
        String deniedBy = "admission webhook \"" + webhook + "\" denied the request";
        String message = status == null ? "" : status.path("message").asText("");
        String reason = status == null ? "" : status.path("reason").asText("");
        int code = status == null ? 0 : status.path("code").asInt(0);
        String text = !message.isEmpty() ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason
                : deniedBy + " without explanation";
        if (code == 0) {
            code = 403;
        }
        if (reason.isEmpty()) {
            reason = code == 500 ? "InternalError" : "Forbidden";
        }
        return new AdmissionDenied(code, reason, text, List.of());
    }

    /** failurePolicy Fail: {@code Internal error occurred: failed calling webhook "<name>": <reason>}, 500. */
    static AdmissionDenied callFailed(String webhook, WebhookCallFailure f) {
        return new AdmissionDenied(500, "InternalError",
                "Internal error occurred: failed calling webhook \"" + webhook + "\": " + f.getMessage(), List.of());
    }

    static AdmissionDenied internal(String message) {
        return new AdmissionDenied(500, "InternalError", "Internal error occurred: " + message, List.of());
    }

    Future<Void> close() {
        return client.close();
    }
}
