package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.pki.Pem;
import io.k3j.pki.csr.TestCsrs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates end to end with real kubectl: a user's CSR approved with {@code kubectl certificate approve} is signed
 * and the certificate works as that user (RBAC applies to its CN and O); approval and system:masters requests are
 * refused as upstream refuses them; a node's own client CSR is approved automatically; the supervisor endpoint hands a
 * node its certificates for the join token (401 without, 403 for a second password on the name); and
 * {@code k3j certificate rotate} with the server stopped re-issues leaves while the old kubeconfig keeps working.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static K3jProcess k3j;
    private static int port;
    private static Kubectl admin;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-certificates");
        port = K3jProcess.freePort();
        k3j = K3jProcess.start(dir.resolve("data"), port).awaitReady(Duration.ofSeconds(90));
        admin = new Kubectl(k3j.kubeconfig());
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

    private static Path tls() {
        return k3j.dataDir().resolve("server/tls");
    }

    /** A copy of the admin kubeconfig with other client credentials. */
    private static Kubectl as(String name, Path cert, Path key) throws Exception {
        Path kc = dir.resolve(name + ".kubeconfig");
        Files.copy(k3j.kubeconfig(), kc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Kubectl k = new Kubectl(kc);
        k.run("config", "set-credentials", "default", "--client-certificate=" + cert, "--client-key=" + key,
                "--embed-certs=true").assertOk();
        return k;
    }

    private static Path csrFile(String name, String signer, String pem, String... usages) throws Exception {
        StringBuilder sb = new StringBuilder("apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\n"
                + "metadata:\n  name: " + name + "\nspec:\n  request: " + TestCsrs.base64(pem) + "\n  signerName: " + signer
                + "\n  expirationSeconds: 3600\n  usages:\n");
        for (String u : usages) {
            sb.append("  - ").append(u).append('\n');
        }
        Path f = dir.resolve(name + "-csr.yaml");
        Files.writeString(f, sb.toString());
        return f;
    }

    private static JsonNode csr(String name) throws Exception {
        return JSON.readTree(admin.run("get", "csr", name, "-o", "json").assertOk().out());
    }

    private static <T> T await(String what, Supplier<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "\n" + k3j.log());
    }

    private static String issued(String name) throws Exception {
        return await("certificate of " + name, () -> {
            try {
                String c = csr(name).path("status").path("certificate").asText("");
                return c.isEmpty() ? null : new String(Base64.getDecoder().decode(c), StandardCharsets.US_ASCII);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    @Order(1)
    void anApprovedUserCsrIsSignedAndItsCertificateIsThatUser() throws Exception {
        KeyPair key = TestCsrs.ecKey();
        String pem = TestCsrs.csr(key, "jane", List.of("devs"), List.of(), List.of(), List.of());
        admin.run("create", "-f", csrFile("jane", "kubernetes.io/kube-apiserver-client", pem, "client auth").toString()).assertOk();
        JsonNode pending = csr("jane");
        assertThat(pending.path("spec").path("username").asText()).isEqualTo("system:admin");
        assertThat(admin.run("get", "csr", "jane").assertOk().out()).contains("Pending");

        assertThat(admin.run("certificate", "approve", "jane").assertOk().out()).contains("approved");
        String certPem = issued("jane");
        X509Certificate cert = Pem.parseCertificates(certPem).getFirst();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=jane,O=devs");
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isEqualTo(Duration.ofHours(1));
        assertThat(csr("jane").path("status").path("conditions").get(0).path("reason").asText()).isEqualTo("KubectlApprove");

        Kubectl jane = as("jane", write("jane.crt", certPem), write("jane.key", Pem.encodePrivateKey(key)));
        assertThat(jane.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username} {.status.userInfo.groups}")
                .assertOk().out()).isEqualTo("jane [\"devs\",\"system:authenticated\"]");
        Kubectl.Result denied = jane.run("get", "configmaps", "-n", "default");
        assertThat(denied.code()).isNotZero();
        assertThat(denied.err()).contains("User \"jane\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        // RBAC applies to the certificate's group (O).
        admin.run("create", "rolebinding", "devs-view", "--clusterrole=view", "--group=devs", "-n", "default").assertOk();
        try {
            await("devs may list configmaps", () -> jane.run("get", "configmaps", "-n", "default").code() == 0 ? true : null);

            // jane may update approvals but holds no approve verb on the signer: CertificateApproval refuses.
            admin.run("create", "clusterrole", "csr-approval-only", "--verb=get,list,update",
                    "--resource=certificatesigningrequests,certificatesigningrequests/approval").assertOk();
            admin.run("create", "clusterrolebinding", "jane-csr-approval-only", "--clusterrole=csr-approval-only",
                    "--user=jane").assertOk();
            admin.run("create", "-f", csrFile("jane2", "kubernetes.io/kube-apiserver-client", TestCsrs.csr("jane2"),
                    "client auth").toString()).assertOk();
            Kubectl.Result refused = await("jane's approval to reach admission", () -> {
                Kubectl.Result r = jane.run("certificate", "approve", "jane2");
                return r.err().contains("user not permitted") ? r : null;
            });
            assertThat(refused.err()).contains("certificatesigningrequests.certificates.k8s.io \"jane2\" is forbidden: "
                    + "user not permitted to approve requests with signerName \"kubernetes.io/kube-apiserver-client\"");
            // Denial by the admin sticks; the signer never issues a denied request.
            admin.run("certificate", "deny", "jane2").assertOk();
            assertThat(csr("jane2").path("status").path("conditions").get(0).path("type").asText()).isEqualTo("Denied");
            assertThat(csr("jane2").path("status").has("certificate")).isFalse();
        } finally {
            admin.run("delete", "rolebinding", "devs-view", "-n", "default", "--ignore-not-found");
            admin.run("delete", "clusterrolebinding", "jane-csr-approval-only", "--ignore-not-found");
            admin.run("delete", "clusterrole", "csr-approval-only", "--ignore-not-found");
            admin.run("delete", "csr", "jane", "jane2", "--ignore-not-found");
        }
    }

    @Test
    @Order(2)
    void invalidAndPrivilegedRequestsAreRefusedWithUpstreamsTexts() throws Exception {
        Kubectl.Result masters = admin.run("create", "-f", csrFile("evil", "kubernetes.io/kube-apiserver-client",
                TestCsrs.csr("evil", "system:masters"), "client auth").toString());
        assertThat(masters.code()).isNotZero();
        assertThat(masters.err()).contains("certificatesigningrequests.certificates.k8s.io \"evil\" is forbidden: use of "
                + "kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed");
        Kubectl.Result legacy = admin.run("create", "-f", csrFile("legacy", "kubernetes.io/legacy-unknown",
                TestCsrs.csr("x"), "client auth").toString());
        assertThat(legacy.err()).contains("spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": "
                + "the legacy signerName is not allowed via this API version");
        // A node-client request that is no kubelet request: approved by the admin, then Failed by the signer.
        admin.run("create", "-f", csrFile("notanode", "kubernetes.io/kube-apiserver-client-kubelet",
                TestCsrs.csr("jane", "devs"), "digital signature", "client auth").toString()).assertOk();
        try {
            admin.run("certificate", "approve", "notanode").assertOk();
            JsonNode failed = await("Failed condition", () -> {
                try {
                    JsonNode c = csr("notanode");
                    for (JsonNode cond : c.path("status").path("conditions")) {
                        if (cond.path("type").asText().equals("Failed")) {
                            return cond;
                        }
                    }
                    return null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(failed.path("reason").asText()).isEqualTo("SignerValidationFailure");
            assertThat(failed.path("message").asText()).isEqualTo("subject organization is not system:nodes");
        } finally {
            admin.run("delete", "csr", "notanode", "--ignore-not-found");
        }
    }

    @Test
    @Order(3)
    void aNodesOwnClientCsrIsApprovedAutomatically() throws Exception {
        Kubectl node = as("node", tls().resolve("client-kubelet.crt"), tls().resolve("client-kubelet.key"));
        KeyPair key = TestCsrs.ecKey();
        String pem = TestCsrs.csr(key, "system:node:e2e-node", List.of("system:nodes"), List.of(), List.of(), List.of());
        node.run("create", "-f", csrFile("node-csr-e2e", "kubernetes.io/kube-apiserver-client-kubelet", pem,
                "digital signature", "client auth").toString()).assertOk();
        try {
            String certPem = issued("node-csr-e2e");
            JsonNode c = csr("node-csr-e2e");
            assertThat(c.path("spec").path("username").asText()).isEqualTo("system:node:e2e-node");
            JsonNode approved = c.path("status").path("conditions").get(0);
            assertThat(approved.path("type").asText()).isEqualTo("Approved");
            assertThat(approved.path("reason").asText()).isEqualTo("AutoApproved");
            assertThat(approved.path("message").asText()).isEqualTo("Auto approving self kubelet client certificate after SubjectAccessReview.");
            X509Certificate cert = Pem.parseCertificates(certPem).getFirst();
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:e2e-node,O=system:nodes");
            cert.verify(Pem.readCertificate(tls().resolve("client-ca.crt")).getPublicKey());
        } finally {
            admin.run("delete", "csr", "node-csr-e2e", "--ignore-not-found");
        }
    }

    @Test
    @Order(4)
    void theSupervisorHandsANodeItsCertificatesForTheJoinToken() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(K3jProcess.trusting(tls().resolve("server-ca.crt"))).build();
        String token = Files.readString(k3j.dataDir().resolve("server/node-token")).strip();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("node:" + token.substring(token.lastIndexOf(':') + 1))
                .getBytes(StandardCharsets.UTF_8));
        URI kubelet = URI.create("https://127.0.0.1:" + port + "/v1-k3j/client-kubelet.crt");
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(kubelet).header("K3j-Node-Name", "agent-1")
                .header("K3j-Node-Password", "pw1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(kubelet).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("node:wrong".getBytes(StandardCharsets.UTF_8)))
                .header("K3j-Node-Name", "agent-1").header("K3j-Node-Password", "pw1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        // The admin is no agent: its certificate does not open the supervisor either.
        HttpClient asAdmin = HttpClient.newBuilder().sslContext(io.k3j.pki.ClientTls.context(tls().resolve("client-admin.crt"),
                tls().resolve("client-admin.key"), tls().resolve("server-ca.crt"))).build();
        assertThat(asAdmin.send(HttpRequest.newBuilder(kubelet).header("K3j-Node-Name", "agent-1")
                .header("K3j-Node-Password", "pw1").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(kubelet).header("Authorization", basic)
                .header("K3j-Node-Name", "agent-1").header("K3j-Node-Password", "pw1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        List<X509Certificate> chain = Pem.parseCertificates(certsOf(ok.body()));
        assertThat(chain).hasSize(2); // leaf and client CA, then the key
        assertThat(chain.getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=system:node:agent-1,O=system:nodes");
        Path crt = write("agent-1.crt", ok.body());
        Path key = write("agent-1.key", ok.body());
        Kubectl agent = as("agent-1", crt, key);
        assertThat(agent.run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").assertOk().out())
                .isEqualTo("system:node:agent-1");
        assertThat(admin.run("get", "secret", "-n", "kube-system", "agent-1.node-password.k3s").code()).isZero();

        HttpResponse<String> thief = http.send(HttpRequest.newBuilder(kubelet).header("Authorization", basic)
                .header("K3j-Node-Name", "agent-1").header("K3j-Node-Password", "other").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(thief.statusCode()).isEqualTo(403);
        assertThat(thief.body()).contains("unable to verify password for node \\\"agent-1\\\"");

        HttpResponse<String> serving = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                        + "/v1-k3j/serving-kubelet.crt")).header("Authorization", "Bearer " + token)
                .header("K3j-Node-Name", "agent-1").header("K3j-Node-Password", "pw1").header("K3j-Node-IP", "10.9.8.7")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(serving.statusCode()).isEqualTo(200);
        X509Certificate servingCert = Pem.parseCertificates(certsOf(serving.body())).getFirst();
        assertThat(servingCert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("agent-1", "localhost", "10.9.8.7", "127.0.0.1");
        servingCert.verify(Pem.readCertificate(tls().resolve("server-ca.crt")).getPublicKey());

        for (String path : List.of("client-ca.crt", "server-ca.crt", "client-kube-proxy.crt", "config", "readyz")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/v1-k3j/" + path))
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
        }
        admin.run("delete", "secret", "-n", "kube-system", "agent-1.node-password.k3s").assertOk();
    }

    @Test
    @Order(5)
    void rotateWithTheServerStoppedIssuesNewLeavesAndOldKubeconfigsKeepWorking() throws Exception {
        Path oldKubeconfig = dir.resolve("old.kubeconfig");
        Files.copy(k3j.kubeconfig(), oldKubeconfig);
        X509Certificate servingBefore = Pem.readCertificate(tls().resolve("serving-kube-apiserver.crt"));
        X509Certificate adminBefore = Pem.readCertificate(tls().resolve("client-admin.crt"));
        X509Certificate schedulerBefore = Pem.readCertificate(tls().resolve("client-scheduler.crt"));
        String caBefore = Files.readString(tls().resolve("server-ca.crt"));

        Process refused = cli("certificate", "rotate", "-d", k3j.dataDir().toString());
        assertThat(refused.exitValue()).isEqualTo(1);
        assertThat(new String(refused.getInputStream().readAllBytes())).contains("the k3j server is running");

        assertThat(k3j.stop()).as("exit code after SIGTERM").isIn(0, 143);
        Process rotate = cli("certificate", "rotate", "-d", k3j.dataDir().toString(), "--service", "admin",
                "--service", "api-server");
        assertThat(rotate.exitValue()).as(new String(rotate.getInputStream().readAllBytes())).isZero();
        k3j = K3jProcess.start(k3j.dataDir(), port).awaitReady(Duration.ofSeconds(90));

        assertThat(Pem.readCertificate(tls().resolve("serving-kube-apiserver.crt")).getSerialNumber())
                .isNotEqualTo(servingBefore.getSerialNumber());
        assertThat(Pem.readCertificate(tls().resolve("client-admin.crt")).getSerialNumber())
                .isNotEqualTo(adminBefore.getSerialNumber());
        assertThat(Pem.readCertificate(tls().resolve("client-scheduler.crt")).getSerialNumber())
                .isEqualTo(schedulerBefore.getSerialNumber()); // not asked for
        assertThat(Files.readString(tls().resolve("server-ca.crt"))).isEqualTo(caBefore);
        assertThat(new Kubectl(oldKubeconfig).run("get", "namespace", "kube-system", "-o", "name").assertOk().out().strip())
                .isEqualTo("namespace/kube-system");
        assertThat(new Kubectl(k3j.kubeconfig()).run("get", "namespace", "default", "-o", "name").assertOk().out().strip())
                .isEqualTo("namespace/default");
    }

    /** The certificate blocks of a "chain then key" answer. */
    private static String certsOf(String pem) {
        String end = "-----END CERTIFICATE-----";
        return pem.substring(0, pem.lastIndexOf(end) + end.length()) + "\n";
    }

    private static Process cli(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(K3jProcess.executable().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("K3J_CDS", "0");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }
}
