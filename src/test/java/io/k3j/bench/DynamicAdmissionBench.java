package io.k3j.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.policy.ValidatingPolicyPlugin;
import io.k3j.admission.webhook.MapLookup;
import io.k3j.admission.webhook.MutatingWebhookPlugin;
import io.k3j.admission.webhook.ValidatingWebhookPlugin;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The per-request cost of dynamic admission when no webhook is called: the two webhook plugins and
 * ValidatingAdmissionPolicy over (a) no configurations and (b) 20 webhook configurations whose objectSelector excludes
 * the request plus 10 policies with bindings, one of which matches and evaluates a CEL validation (which passes).
 * In process, one thread, lookups from memory (the API server's watch-cache lookup adds a list copy per call).
 * Argument: measured requests (default 200,000).
 */
public final class DynamicAdmissionBench {

    private DynamicAdmissionBench() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Vertx vertx = Vertx.vertx();
        try {
            System.out.println("no configurations:         " + run(vertx, new MapLookup(), measured));
            System.out.println("20 webhooks + 10 policies: " + run(vertx, populated(), measured));
        } finally {
            vertx.close();
        }
    }

    private static String run(Vertx vertx, MapLookup lookup, int measured) throws Exception {
        AdmissionEnv env = new AdmissionEnv(vertx, lookup, () -> null, Map.of(), Clock.systemUTC());
        MutatingWebhookPlugin mutating = new MutatingWebhookPlugin(env);
        ValidatingPolicyPlugin policy = new ValidatingPolicyPlugin(env);
        ValidatingWebhookPlugin validating = new ValidatingWebhookPlugin(env);
        for (int i = 0; i < 50_000; i++) {
            once(mutating, policy, validating);
        }
        long[] ns = new long[measured];
        for (int i = 0; i < measured; i++) {
            long t = System.nanoTime();
            once(mutating, policy, validating);
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return String.format("p50 %.1f µs, p99 %.1f µs", ns[measured / 2] / 1e3, ns[(int) (measured * 0.99)] / 1e3);
    }

    /** Nothing is called and nothing matches a mutation, so one request serves every iteration (parse not timed). */
    private static final AdmissionRequest REQUEST = request();

    private static void once(MutatingWebhookPlugin m, ValidatingPolicyPlugin p, ValidatingWebhookPlugin v) {
        AdmissionRequest r = REQUEST;
        Future<Void> f = m.admit(r).compose(x -> p.validate(r)).compose(x -> v.validate(r));
        if (!f.succeeded()) {
            throw new IllegalStateException("admission did not complete inline: " + f.cause());
        }
    }

    private static AdmissionRequest request() {
        return new AdmissionRequest(Operation.CREATE, "apps", "v1", "deployments", "", "Deployment", "default", "web",
                obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":"
                        + "\"default\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":3}}"),
                null, null, new UserInfo("alice", List.of("dev")), false);
    }

    private static MapLookup populated() {
        MapLookup l = new MapLookup();
        l.put("", "namespaces", obj("{\"metadata\":{\"name\":\"default\"}}"));
        for (int i = 0; i < 10; i++) {
            for (String kind : List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations")) {
                l.put("admissionregistration.k8s.io", kind, obj("{\"metadata\":{\"name\":\"cfg-" + i + "\"},\"webhooks\":[{"
                        + "\"name\":\"w" + i + ".bench\",\"clientConfig\":{\"url\":\"https://127.0.0.1:1/\"},"
                        + "\"rules\":[{\"operations\":[\"*\"],\"apiGroups\":[\"*\"],\"apiVersions\":[\"*\"],\"resources\":[\"*\"]}],"
                        + "\"objectSelector\":{\"matchLabels\":{\"bench\":\"never\"}},\"sideEffects\":\"None\","
                        + "\"admissionReviewVersions\":[\"v1\"]}]}"));
            }
            String group = i == 0 ? "apps" : "group" + i + ".bench";
            l.put("admissionregistration.k8s.io", "validatingadmissionpolicies", obj("{\"metadata\":{\"name\":\"p" + i
                    + "\"},\"spec\":{\"matchConstraints\":{\"resourceRules\":[{\"apiGroups\":[\"" + group + "\"],"
                    + "\"apiVersions\":[\"v1\"],\"operations\":[\"CREATE\"],\"resources\":[\"deployments\"]}]},"
                    + "\"validations\":[{\"expression\":\"object.spec.replicas <= 5\"}]}}"));
            l.put("admissionregistration.k8s.io", "validatingadmissionpolicybindings", obj("{\"metadata\":{\"name\":\"b"
                    + i + "\"},\"spec\":{\"policyName\":\"p" + i + "\",\"validationActions\":[\"Deny\"]}}"));
        }
        return l;
    }

    private static ObjectNode obj(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
