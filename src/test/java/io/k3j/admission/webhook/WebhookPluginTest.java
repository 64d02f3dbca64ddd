package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookPluginTest {

    static Vertx vertx;
    static TestWebhookServer server;
    static Context context;

    MapLookup lookup;
    MutatingWebhookPlugin mutating;
    ValidatingWebhookPlugin validating;

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        server = TestWebhookServer.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void plugins() {
        lookup = new MapLookup();
        lookup.put("", "namespaces", obj("{\"metadata\":{\"name\":\"team\",\"labels\":{\"webhooks\":\"on\"}}}"));
        lookup.put("", "namespaces", obj("{\"metadata\":{\"name\":\"quiet\"}}"));
        AdmissionEnv env = new AdmissionEnv(vertx, lookup, () -> null, Map.of(), Clock.systemUTC());
        mutating = new MutatingWebhookPlugin(env);
        validating = new ValidatingWebhookPlugin(env);
        server.calls().clear();
    }

    // ---- helpers

    static ObjectNode obj(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A webhook for CREATE of pods, posting to the test server's {@code path}. */
    static ObjectNode hook(String name, String path, String extra) {
        return obj("{\"name\":\"" + name + "\",\"clientConfig\":{\"url\":\"" + server.url(path) + "\",\"caBundle\":\""
                + server.caBundle() + "\"},\"rules\":[{\"operations\":[\"CREATE\"],\"apiGroups\":[\"\"],"
                + "\"apiVersions\":[\"v1\"],\"resources\":[\"pods\"]}],\"sideEffects\":\"None\","
                + "\"admissionReviewVersions\":[\"v1\"]" + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    void configure(String resource, String name, ObjectNode... hooks) {
        ObjectNode cfg = obj("{\"metadata\":{\"name\":\"" + name + "\"}}");
        var arr = cfg.putArray("webhooks");
        for (ObjectNode h : hooks) {
            arr.add(h);
        }
        lookup.put("admissionregistration.k8s.io", resource, cfg);
    }

    static AdmissionRequest createPod(String namespace, String name, boolean dryRun) {
        ObjectNode pod = obj("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        return new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "", "Pod", namespace, name, pod, null,
                obj("{\"fieldManager\":\"kubectl\"}"), new UserInfo("alice", List.of("dev", "system:authenticated")), dryRun);
    }

    /** Runs the step on one event-loop context, as the API server does, and waits for its outcome. */
    static <T> T await(Supplier<Future<T>> step) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> step.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        try {
            return done.get(40, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static AdmissionDenied denied(Supplier<Future<Void>> step) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> await(step));
        assertThat(t).isInstanceOf(AdmissionDenied.class);
        return (AdmissionDenied) t;
    }

    // ---- tests

    @Test
    void mutatingWebhookPatchesTheObjectAndReceivesUpstreamsReview() throws Exception {
        server.on("/label", TestWebhookServer.addLabel("injected", "yes"));
        configure("mutatingwebhookconfigurations", "labeller", hook("label.k3j.io", "/label", ""));
        AdmissionRequest r = createPod("team", "web", false);

        await(() -> mutating.admit(r));

        assertThat(r.object().path("metadata").path("labels").path("injected").asText()).isEqualTo("yes");
        TestWebhookServer.Call call = server.calls("/label").getFirst();
        assertThat(call.query()).isEqualTo("timeout=10s");
        JsonNode req = call.request();
        assertThat(call.review().path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(req.path("uid").asText()).hasSize(36);
        assertThat(req.path("kind").toString()).isEqualTo("{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}");
        assertThat(req.path("resource").toString()).isEqualTo("{\"group\":\"\",\"version\":\"v1\",\"resource\":\"pods\"}");
        assertThat(req.path("requestKind")).isEqualTo(req.path("kind"));
        assertThat(req.path("name").asText()).isEqualTo("web");
        assertThat(req.path("namespace").asText()).isEqualTo("team");
        assertThat(req.path("operation").asText()).isEqualTo("CREATE");
        assertThat(req.path("userInfo").path("username").asText()).isEqualTo("alice");
        assertThat(req.path("userInfo").path("groups").toString()).isEqualTo("[\"dev\",\"system:authenticated\"]");
        assertThat(req.path("object").path("spec").path("containers").path(0).path("image").asText()).isEqualTo("nginx");
        assertThat(req.has("oldObject")).isFalse();
        assertThat(req.path("dryRun").asBoolean(true)).isFalse();
        assertThat(req.path("options").path("kind").asText()).isEqualTo("CreateOptions");
        assertThat(req.path("options").path("fieldManager").asText()).isEqualTo("kubectl");
        assertThat(r.auditAnnotations()).containsEntry("mutation.webhook.admission.k8s.io/round_0_index_0",
                "{\"configuration\":\"labeller\",\"webhook\":\"label.k3j.io\",\"mutated\":true}");
    }

    @Test
    void validatingWebhookDenialCarriesUpstreamsMessageAndCode() {
        server.on("/deny", TestWebhookServer.deny("pods named web are not allowed", 0));
        server.on("/deny422", TestWebhookServer.deny("bad", 422));
        server.on("/silent", TestWebhookServer.deny(null, 0));
        configure("validatingwebhookconfigurations", "a", hook("deny.k3j.io", "/deny", ""));

        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", false)));
        assertThat(d.code()).isEqualTo(403);
        assertThat(d.reason()).isEqualTo("Forbidden");
        assertThat(d.getMessage()).isEqualTo("admission webhook \"deny.k3j.io\" denied the request: pods named web are not allowed");

        configure("validatingwebhookconfigurations", "a", hook("code.k3j.io", "/deny422", ""));
        assertThat(denied(() -> validating.validate(createPod("team", "web", false))).code()).isEqualTo(422);

        configure("validatingwebhookconfigurations", "a", hook("silent.k3j.io", "/silent", ""));
        assertThat(denied(() -> validating.validate(createPod("team", "web", false))).getMessage())
                .isEqualTo("admission webhook \"silent.k3j.io\" denied the request without explanation");
    }

    @Test
    void warningsAndAuditAnnotationsFromTheWebhookReachTheRequest() throws Exception {
        server.on("/warn", c -> Future.succeededFuture(obj(
                "{\"allowed\":true,\"warnings\":[\"image has no tag\"],\"auditAnnotations\":{\"checked\":\"true\"}}")));
        configure("validatingwebhookconfigurations", "w", hook("warn.k3j.io", "/warn", ""));
        AdmissionRequest r = createPod("team", "web", false);
        await(() -> validating.validate(r));
        assertThat(r.warnings()).containsExactly("image has no tag");
        assertThat(r.auditAnnotations()).containsEntry("warn.k3j.io/checked", "true");
    }

    @Test
    void unreachableWebhookFailsClosedWithFailAndOpenWithIgnore() throws Exception {
        int closedPort = closedPort();
        String url = "https://127.0.0.1:" + closedPort + "/x";
        ObjectNode fail = hook("fail.k3j.io", "/unused", "\"failurePolicy\":\"Fail\"");
        ((ObjectNode) fail.get("clientConfig")).put("url", url);
        configure("validatingwebhookconfigurations", "f", fail);

        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", false)));
        assertThat(d.code()).isEqualTo(500);
        assertThat(d.reason()).isEqualTo("InternalError");
        assertThat(d.getMessage()).isEqualTo("Internal error occurred: failed calling webhook \"fail.k3j.io\": "
                + "failed to call webhook: Post \"" + url + "?timeout=10s\": dial tcp 127.0.0.1:" + closedPort
                + ": connect: connection refused");

        ObjectNode ignore = hook("ignore.k3j.io", "/unused", "\"failurePolicy\":\"Ignore\"");
        ((ObjectNode) ignore.get("clientConfig")).put("url", url);
        configure("validatingwebhookconfigurations", "f", ignore);
        AdmissionRequest r = createPod("team", "web", false);
        await(() -> validating.validate(r));
        assertThat(r.auditAnnotations()).containsEntry(
                "failed-open.validating.webhook.admission.k8s.io/round_0_index_0", "ignore.k3j.io");
    }

    @Test
    void slowWebhookTimesOutAfterTimeoutSeconds() throws Exception {
        server.on("/slow", server.delayed(5_000, TestWebhookServer.allow()));
        configure("validatingwebhookconfigurations", "s", hook("slow.k3j.io", "/slow", "\"timeoutSeconds\":1"));
        long start = System.nanoTime();
        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", false)));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(d.getMessage()).isEqualTo("Internal error occurred: failed calling webhook \"slow.k3j.io\": "
                + "failed to call webhook: Post \"" + server.url("/slow") + "?timeout=1s\": context deadline exceeded");
        assertThat(ms).isLessThan(4_500);

        configure("validatingwebhookconfigurations", "s",
                hook("slow.k3j.io", "/slow", "\"timeoutSeconds\":1,\"failurePolicy\":\"Ignore\""));
        await(() -> validating.validate(createPod("team", "web", false)));
    }

    @Test
    void certificateFromAnotherCaIsRefused() {
        ObjectNode h = hook("tls.k3j.io", "/deny", "");
        String otherCa = java.util.Base64.getEncoder().encodeToString(
                io.k3j.auth.authn.TestCerts.ca("other").certPem().getBytes());
        ((ObjectNode) h.get("clientConfig")).put("caBundle", otherCa);
        configure("validatingwebhookconfigurations", "t", h);
        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", false)));
        assertThat(d.getMessage()).endsWith(
                ": tls: failed to verify certificate: x509: certificate signed by unknown authority");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void selectorsRulesAndMatchConditionsDecideWhoIsCalled() throws Exception {
        server.on("/allow", TestWebhookServer.allow());
        configure("validatingwebhookconfigurations", "sel",
                hook("ns.k3j.io", "/allow", "\"namespaceSelector\":{\"matchLabels\":{\"webhooks\":\"on\"}}"),
                hook("obj.k3j.io", "/allow", "\"objectSelector\":{\"matchExpressions\":[{\"key\":\"skip\",\"operator\":\"DoesNotExist\"}]}"),
                hook("cel.k3j.io", "/allow", "\"matchConditions\":[{\"name\":\"not-system\",\"expression\":\"!request.userInfo.username.startsWith('system:')\"}]"));

        await(() -> validating.validate(createPod("team", "web", false)));
        assertThat(server.calls("/allow")).hasSize(3);

        server.calls().clear();
        await(() -> validating.validate(createPod("quiet", "web", false)));
        assertThat(server.calls("/allow")).hasSize(2); // namespace without the label

        server.calls().clear();
        AdmissionRequest labelled = createPod("quiet", "web", false);
        labelled.object().with("metadata").putObject("labels").put("skip", "1");
        await(() -> validating.validate(labelled));
        assertThat(server.calls("/allow")).hasSize(1); // only the CEL one

        server.calls().clear();
        AdmissionRequest system = new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "", "Pod", "quiet", "x",
                obj("{\"metadata\":{\"name\":\"x\",\"labels\":{\"skip\":\"1\"}}}"), null, null,
                new UserInfo("system:kube-scheduler", List.of()), false);
        await(() -> validating.validate(system));
        assertThat(server.calls("/allow")).isEmpty();

        // rules: UPDATE and subresources are not CREATE of pods
        AdmissionRequest status = new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "binding", "Binding",
                "team", "web", obj("{\"target\":{}}"), null, null, new UserInfo("alice", List.of()), false);
        await(() -> validating.validate(status));
        assertThat(server.calls("/allow")).isEmpty();
    }

    @Test
    void webhookConfigurationsAreNeverSentToWebhooks() {
        AdmissionRequest r = new AdmissionRequest(Operation.CREATE, "admissionregistration.k8s.io", "v1",
                "validatingwebhookconfigurations", "", "ValidatingWebhookConfiguration", "", "x",
                obj("{\"metadata\":{\"name\":\"x\"}}"), null, null, new UserInfo("alice", List.of()), false);
        assertThat(validating.handles(r)).isFalse();
        assertThat(mutating.handles(r)).isFalse();
        assertThat(validating.handles(createPod("team", "web", false))).isTrue();
    }

    @Test
    void dryRunSkipsNothingButRefusesWebhooksWithSideEffects() throws Exception {
        server.on("/allow", TestWebhookServer.allow());
        configure("validatingwebhookconfigurations", "d", hook("fx.k3j.io", "/allow", "\"sideEffects\":\"Some\""));
        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", true)));
        assertThat(d.code()).isEqualTo(400);
        assertThat(d.getMessage()).isEqualTo("admission webhook \"fx.k3j.io\" does not support dry run");

        configure("validatingwebhookconfigurations", "d", hook("pure.k3j.io", "/allow", "\"sideEffects\":\"NoneOnDryRun\""));
        await(() -> validating.validate(createPod("team", "web", true)));
        assertThat(server.calls("/allow").getLast().request().path("dryRun").asBoolean()).isTrue();
    }

    @Test
    void ifNeededWebhookRunsAgainAfterALaterWebhookChangedTheObject() throws Exception {
        server.on("/first", TestWebhookServer.addLabel("first", "1"));
        server.on("/second", TestWebhookServer.addLabel("second", "2"));
        configure("mutatingwebhookconfigurations", "a-first", hook("first.k3j.io", "/first", "\"reinvocationPolicy\":\"IfNeeded\""));
        configure("mutatingwebhookconfigurations", "b-second", hook("second.k3j.io", "/second", ""));
        AdmissionRequest r = createPod("team", "web", false);
        await(() -> mutating.admit(r));
        assertThat(server.calls("/first")).hasSize(2);
        assertThat(server.calls("/second")).hasSize(1);
        assertThat(server.calls("/first").getLast().request().path("object").path("metadata").path("labels")
                .path("second").asText()).isEqualTo("2");

        server.calls().clear();
        configure("mutatingwebhookconfigurations", "a-first", hook("first.k3j.io", "/first", "\"reinvocationPolicy\":\"Never\""));
        await(() -> mutating.admit(createPod("team", "web2", false)));
        assertThat(server.calls("/first")).hasSize(1);
    }

    @Test
    void validatingWebhooksAreCalledInParallel() throws Exception {
        // each webhook answers only once both requests have arrived: called one after the other, both would time out
        Promise<Void> bothArrived = Promise.promise();
        java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<TestWebhookServer.Call, Future<ObjectNode>> rendezvous = c -> {
            if (arrived.incrementAndGet() == 2) {
                bothArrived.tryComplete();
            }
            return bothArrived.future().map(v -> obj("{\"allowed\":true}"));
        };
        server.on("/meet", rendezvous);
        configure("validatingwebhookconfigurations", "p",
                hook("one.k3j.io", "/meet", "\"timeoutSeconds\":5"), hook("two.k3j.io", "/meet", "\"timeoutSeconds\":5"));
        await(() -> validating.validate(createPod("team", "web", false)));
        assertThat(server.calls("/meet")).hasSize(2);
    }

    @Test
    void invalidResponsesAreCallFailures() {
        server.on("/baduid", c -> Future.succeededFuture(obj("{\"allowed\":true,\"uid\":\"nope\"}")));
        configure("validatingwebhookconfigurations", "b", hook("uid.k3j.io", "/baduid", ""));
        AdmissionDenied d = denied(() -> validating.validate(createPod("team", "web", false)));
        assertThat(d.getMessage()).startsWith("Internal error occurred: failed calling webhook \"uid.k3j.io\": "
                + "received invalid webhook response: expected response.uid=\"");

        server.on("/patchless", c -> Future.succeededFuture(obj("{\"allowed\":true,\"patchType\":\"JSONPatch\"}")));
        configure("mutatingwebhookconfigurations", "b", hook("pt.k3j.io", "/patchless", ""));
        assertThat(denied(() -> mutating.admit(createPod("team", "web", false))).getMessage()).endsWith(
                "received invalid webhook response: webhook returned response.patchType but not response.patch");
    }

    @Test
    void unchangedConfigurationsAreParsedOnce() throws Exception {
        configure("validatingwebhookconfigurations", "c", hook("a.k3j.io", "/allow", ""));
        WebhookSource src = WebhookSource.validating(lookup);
        List<WebhookSpec> first = await(src::webhooks);
        assertThat(await(src::webhooks)).isSameAs(first);
        configure("validatingwebhookconfigurations", "c", hook("b.k3j.io", "/allow", ""));
        assertThat(await(src::webhooks)).extracting(WebhookSpec::name).containsExactly("b.k3j.io");
    }

    static int closedPort() throws Exception {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
