package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.pki.ClientTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl against a k3j with an audit policy: the log lines say who did what, at the level the policy sets. */
@Tag("e2e")
class AuditIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_VALUE = "s3cr3t-" + Long.toHexString(System.nanoTime());
    private static final String CONFIG_VALUE = "visible-" + Long.toHexString(System.nanoTime());

    private static Path dir;
    private static Path log;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-audit");
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived"]
                rules:
                - level: None
                  nonResourceURLs: ["/healthz*", "/readyz*", "/livez*"]
                - level: Metadata
                  resources:
                  - group: ""
                    resources: ["secrets"]
                - level: RequestResponse
                  omitManagedFields: true
                  resources:
                  - group: ""
                    resources: ["configmaps"]
                - level: Metadata
                """);
        log = dir.resolve("audit/audit.log");
        k3j = K3jProcess.start(dir.resolve("data"), K3jProcess.freePort(),
                "--kube-apiserver-arg", "audit-log-path=" + log,
                "--kube-apiserver-arg", "audit-policy-file=" + policy,
                "--kube-apiserver-arg", "audit-log-maxsize=10",
                "--kube-apiserver-arg", "audit-log-maxbackup=3").awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(k3j.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (k3j != null) {
                k3j.close();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void kubectlRequestsAreAuditedAtThePolicysLevels() throws Exception {
        kubectl.run("create", "secret", "generic", "audited", "--from-literal=password=" + SECRET_VALUE).assertOk();
        kubectl.run("get", "secret", "audited", "-o", "yaml").assertOk();
        kubectl.run("create", "configmap", "audited", "--from-literal=key=" + CONFIG_VALUE).assertOk();
        kubectl.run("get", "configmap", "missing");
        kubectl.run("get", "pods").assertOk();
        kubectl.run("get", "configmaps", "-o", "json").assertOk();
        String auditId = watchConfigMapsBriefly();

        JsonNode secretCreate = awaitEvent(e -> e.path("verb").asText().equals("create")
                && e.path("objectRef").path("resource").asText().equals("secrets"));
        assertThat(secretCreate.path("level").asText()).isEqualTo("Metadata");
        assertThat(secretCreate.path("stage").asText()).isEqualTo("ResponseComplete");
        assertThat(secretCreate.path("objectRef").toString())
                .isEqualTo("{\"resource\":\"secrets\",\"namespace\":\"default\",\"name\":\"audited\",\"apiVersion\":\"v1\"}");
        assertThat(secretCreate.path("responseStatus").path("code").asInt()).isEqualTo(201);
        assertThat(secretCreate.path("user").path("username").asText()).isEqualTo("system:admin");
        assertThat(secretCreate.path("user").path("groups").toString()).contains("system:masters");
        assertThat(secretCreate.path("userAgent").asText()).startsWith("kubectl");
        assertThat(secretCreate.path("sourceIPs").get(0).asText()).isEqualTo("127.0.0.1");
        assertThat(secretCreate.path("requestURI").asText()).startsWith("/api/v1/namespaces/default/secrets");
        assertThat(secretCreate.has("requestObject") || secretCreate.has("responseObject")).isFalse();
        assertThat(secretCreate.path("requestReceivedTimestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonNode secretGet = awaitEvent(e -> e.path("verb").asText().equals("get")
                && e.path("objectRef").path("name").asText().equals("audited")
                && e.path("objectRef").path("resource").asText().equals("secrets"));
        assertThat(secretGet.has("responseObject")).isFalse();

        JsonNode cmCreate = awaitEvent(e -> e.path("verb").asText().equals("create")
                && e.path("objectRef").path("resource").asText().equals("configmaps")
                && e.path("objectRef").path("name").asText().equals("audited"));
        assertThat(cmCreate.path("level").asText()).isEqualTo("RequestResponse");
        assertThat(cmCreate.path("requestObject").path("data").path("key").asText()).isEqualTo(CONFIG_VALUE);
        assertThat(cmCreate.path("responseObject").path("metadata").path("uid").asText()).isNotEmpty();
        assertThat(cmCreate.path("responseObject").path("metadata").has("managedFields")).isFalse();

        JsonNode missing = awaitEvent(e -> e.path("objectRef").path("name").asText().equals("missing"));
        assertThat(missing.path("responseStatus").path("code").asInt()).isEqualTo(404);
        assertThat(missing.path("responseStatus").path("reason").asText()).isEqualTo("NotFound");
        assertThat(missing.path("responseObject").path("kind").asText()).isEqualTo("Status");

        JsonNode list = awaitEvent(e -> e.path("verb").asText().equals("list")
                && e.path("objectRef").path("resource").asText().equals("pods"));
        assertThat(list.path("level").asText()).isEqualTo("Metadata");

        // kubectl's list (controllers list ConfigMaps too, e.g. the root CA publisher's informer).
        JsonNode cmList = awaitEvent(e -> e.path("verb").asText().equals("list")
                && e.path("objectRef").path("resource").asText().equals("configmaps")
                && e.path("user").path("username").asText().equals("system:admin"));
        assertThat(cmList.path("responseObject").path("kind").asText()).isEqualTo("ConfigMapList");
        assertThat(cmList.path("responseObject").path("items").toString()).contains(CONFIG_VALUE);

        // A watch: ResponseStarted when the stream began, ResponseComplete when it ended; the client saw the ID.
        awaitEvent(e -> e.path("auditID").asText().equals(auditId) && e.path("stage").asText().equals("ResponseComplete"));
        List<JsonNode> watch = events().stream().filter(e -> e.path("auditID").asText().equals(auditId)).toList();
        assertThat(watch).extracting(e -> e.path("stage").asText()).containsExactly("ResponseStarted", "ResponseComplete");
        assertThat(watch.get(0).path("verb").asText()).isEqualTo("watch");

        // The policy's None and omitted stages hold; a Secret's value is nowhere in the log; the file is 0600.
        List<JsonNode> all = events();
        assertThat(all).allSatisfy(e -> {
            assertThat(e.path("kind").asText()).isEqualTo("Event");
            assertThat(e.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
            assertThat(e.path("stage").asText()).isNotEqualTo("RequestReceived");
            assertThat(e.path("requestURI").asText()).doesNotStartWith("/readyz");
        });
        String text = Files.readString(log);
        assertThat(text).doesNotContain(SECRET_VALUE)
                .doesNotContain(Base64.getEncoder().encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
    }

    /** A watch that the server ends after a second; returns the Audit-Id header of its response. */
    private static String watchConfigMapsBriefly() throws Exception {
        Path tls = k3j.dataDir().resolve("server/tls");
        HttpClient http = HttpClient.newBuilder().sslContext(ClientTls.context(tls.resolve("client-admin.crt"),
                tls.resolve("client-admin.key"), tls.resolve("server-ca.crt"))).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + k3j.port()
                + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.headers().firstValue("Audit-Id").orElseThrow();
    }

    private static List<JsonNode> events() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** The writer thread flushes asynchronously: wait for the event to appear. */
    private static JsonNode awaitEvent(Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events()) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching audit event in:\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
