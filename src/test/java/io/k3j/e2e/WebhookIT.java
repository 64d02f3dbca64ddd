package io.k3j.e2e;

import io.k3j.admission.webhook.TestWebhookServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic admission end to end: a real k3j, real kubectl, and a webhook server on loopback with TLS from its own CA,
 * registered with kubectl apply. Configurations reach the API server's watch cache a moment after apply, so each
 * case first waits (with server-side dry runs) until the configuration is in force.
 */
@Tag("e2e")
class WebhookIT {

    private static Path dir;
    private static K3jProcess k3j;
    private static Kubectl kubectl;
    private static Vertx vertx;
    private static TestWebhookServer webhooks;
    private static int closedPort;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-webhook");
        vertx = Vertx.vertx();
        webhooks = TestWebhookServer.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        webhooks.on("/label", TestWebhookServer.addLabel("mutated", "yes"))
                .on("/deny", TestWebhookServer.deny("configmaps labelled deny are refused", 0))
                .on("/slow", webhooks.delayed(4_000, TestWebhookServer.allow()));
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        k3j = K3jProcess.start(dir.resolve("data"), K3jProcess.freePort()).awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(k3j.kubeconfig());
        apply("configs.yaml", configurations());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (k3j != null) {
                k3j.close();
            }
            if (webhooks != null) {
                webhooks.close();
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String webhook(String name, String url, String label, String extra) {
        return """
                - name: %s
                  clientConfig:
                    url: %s
                    caBundle: %s
                  rules:
                  - operations: ["CREATE"]
                    apiGroups: [""]
                    apiVersions: ["v1"]
                    resources: ["configmaps"]
                  objectSelector:
                    matchLabels:
                      k3j-webhook-it: %s
                  sideEffects: None
                  admissionReviewVersions: ["v1"]
                %s""".formatted(name, url, webhooks.caBundle(), label, extra.isEmpty() ? "" : "  " + extra + "\n");
    }

    private static String configurations() {
        String unreachable = "https://127.0.0.1:" + closedPort + "/x";
        return "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\n"
                + "metadata:\n  name: it-mutating\nwebhooks:\n"
                + webhook("label.k3j.io", webhooks.url("/label"), "mutate", "")
                + "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\n"
                + "metadata:\n  name: it-validating\nwebhooks:\n"
                + webhook("deny.k3j.io", webhooks.url("/deny"), "deny", "")
                + webhook("fail.k3j.io", unreachable, "unreachable-fail", "failurePolicy: Fail")
                + webhook("ignore.k3j.io", unreachable, "unreachable-ignore", "failurePolicy: Ignore")
                + webhook("slow.k3j.io", webhooks.url("/slow"), "slow", "timeoutSeconds: 1");
    }

    private static Path apply(String file, String yaml) throws Exception {
        Path p = Files.writeString(dir.resolve(file), yaml);
        kubectl.run("apply", "-f", p.toString()).assertOk();
        return p;
    }

    private static Path configMap(String name, String label) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    k3j-webhook-it: %s
                data:
                  k: v
                """.formatted(name, label));
    }

    /** Repeats a server-side dry run until its outcome shows the configuration is in force. */
    private static Kubectl.Result awaitDryRun(Predicate<Kubectl.Result> inForce, String... args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String[] withDryRun = Stream.concat(Stream.of(args), Stream.of("--dry-run=server")).toArray(String[]::new);
        while (true) {
            Kubectl.Result r = kubectl.run(withDryRun);
            if (inForce.test(r)) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("configuration never took effect; last: " + r);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void mutatingWebhookAddsALabel() throws Exception {
        Path cm = configMap("mutated", "mutate");
        awaitDryRun(r -> r.out().contains("mutated: \"yes\"") || r.out().contains("mutated: yes"),
                "create", "-f", cm.toString(), "-o", "yaml");
        kubectl.run("create", "-f", cm.toString()).assertOk();
        assertThat(kubectl.run("get", "configmap", "mutated", "-o", "jsonpath={.metadata.labels.mutated}")
                .assertOk().out()).isEqualTo("yes");
        assertThat(webhooks.calls("/label").getLast().request().path("dryRun").asBoolean()).isFalse();
        kubectl.run("delete", "configmap", "mutated").assertOk();
    }

    @Test
    void validatingWebhookDenies() throws Exception {
        Path cm = configMap("denied", "deny");
        awaitDryRun(r -> r.code() != 0, "create", "-f", cm.toString());
        Kubectl.Result r = kubectl.run("create", "-f", cm.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Error from server (Forbidden)")
                .contains("admission webhook \"deny.k3j.io\" denied the request: configmaps labelled deny are refused");
        assertThat(kubectl.run("get", "configmap", "denied").code()).isNotZero();
    }

    @Test
    void unreachableWebhookFailsClosedOrOpenAsItsFailurePolicySays() throws Exception {
        Path failing = configMap("unreachable-fail", "unreachable-fail");
        awaitDryRun(r -> r.code() != 0, "create", "-f", failing.toString());
        Kubectl.Result r = kubectl.run("create", "-f", failing.toString());
        assertThat(r.err()).contains("Error from server (InternalError)")
                .contains("Internal error occurred: failed calling webhook \"fail.k3j.io\": failed to call webhook: "
                        + "Post \"https://127.0.0.1:" + closedPort + "/x?timeout=10s\": dial tcp 127.0.0.1:" + closedPort
                        + ": connect: connection refused");

        Path ignored = configMap("unreachable-ignore", "unreachable-ignore");
        kubectl.run("create", "-f", ignored.toString()).assertOk();
        kubectl.run("delete", "configmap", "unreachable-ignore").assertOk();
    }

    @Test
    void slowWebhookTimesOut() throws Exception {
        Path cm = configMap("slow", "slow");
        Kubectl.Result r = awaitDryRun(x -> x.code() != 0, "create", "-f", cm.toString());
        assertThat(r.err()).contains("failed calling webhook \"slow.k3j.io\": failed to call webhook: Post \""
                + webhooks.url("/slow") + "?timeout=1s\": context deadline exceeded");
    }

    @Test
    void validatingAdmissionPolicyLimitsReplicas() throws Exception {
        apply("policy.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata:
                  name: max-replicas
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                    - apiGroups: ["apps"]
                      apiVersions: ["v1"]
                      operations: ["CREATE", "UPDATE"]
                      resources: ["deployments"]
                  validations:
                  - expression: "object.spec.replicas <= 5"
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata:
                  name: max-replicas-binding
                spec:
                  policyName: max-replicas
                  validationActions: ["Deny"]
                """);
        try {
            Kubectl.Result denied = awaitDryRun(r -> r.code() != 0,
                    "create", "deployment", "big", "--image=nginx", "--replicas=6");
            assertThat(denied.err()).contains("deployments.apps \"big\" is forbidden: ValidatingAdmissionPolicy "
                    + "'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: "
                    + "object.spec.replicas <= 5");
            kubectl.run("create", "deployment", "small", "--image=nginx", "--replicas=3").assertOk();
            Kubectl.Result patched = kubectl.run("patch", "deployment", "small", "-p", "{\"spec\":{\"replicas\":9}}");
            assertThat(patched.code()).isNotZero();
            assertThat(patched.err()).contains("The deployments \"small\" is invalid: : ValidatingAdmissionPolicy "
                    + "'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: "
                    + "object.spec.replicas <= 5");
            // the scale subresource is another resource (deployments/scale): a rule for deployments does not cover it
            kubectl.run("scale", "deployment", "small", "--replicas=9").assertOk();
            kubectl.run("delete", "deployment", "small").assertOk();
        } finally {
            kubectl.run("delete", "validatingadmissionpolicybinding", "max-replicas-binding");
            kubectl.run("delete", "validatingadmissionpolicy", "max-replicas");
        }
    }
}
