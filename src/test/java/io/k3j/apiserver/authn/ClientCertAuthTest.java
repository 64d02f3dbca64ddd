package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.auth.authn.TestCerts;
import io.k3j.pki.Pem;
import io.k3j.testing.InProcessServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Client certificates and front-proxy (request-header) authentication on a server with anonymous-auth=false. */
class ClientCertAuthTest {

    @TempDir
    static Path dir;
    static InProcessServer server;
    static Path ca;
    static TestCerts.Issued clientCa;
    static TestCerts.Issued requestHeaderCa;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(dir.resolve("data"), "--kube-apiserver-arg", "anonymous-auth=false");
        Path tls = server.config().tlsDir();
        ca = tls.resolve("server-ca.crt");
        clientCa = load(tls, "client-ca");
        requestHeaderCa = load(tls, "request-header-ca");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static TestCerts.Issued load(Path tls, String base) throws Exception {
        var cert = Pem.readCertificate(tls.resolve(base + ".crt"));
        var key = Pem.readPrivateKey(tls.resolve(base + ".key"));
        return new TestCerts.Issued(cert, new KeyPair(cert.getPublicKey(), key));
    }

    private static ApiHttp as(TestCerts.Issued cert) throws Exception {
        Path d = Files.createTempDirectory(dir, "cert");
        Files.writeString(d.resolve("c.crt"), cert.certPem());
        Files.writeString(d.resolve("c.key"), cert.keyPem());
        return new ApiHttp(server.url(), ca, d.resolve("c.crt"), d.resolve("c.key"));
    }

    private static ApiHttp.Response whoami(ApiHttp http, String... headers) throws Exception {
        return http.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}", headers);
    }

    @Test
    void clientCertificateIsCnAndOrganizations() throws Exception {
        ApiHttp.Response r = whoami(as(TestCerts.client(clientCa, "jane", "devs", "qa")),
                "X-Remote-User", "mallory", "X-Remote-Group", "system:masters");
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        JsonNode u = r.json().path("status").path("userInfo");
        assertThat(u.path("username").asText()).as("front-proxy headers mean nothing from a client").isEqualTo("jane");
        assertThat(u.path("groups").toString()).isEqualTo("[\"devs\",\"qa\",\"system:authenticated\"]");
    }

    @Test
    void withAnonymousOffEvenHealthNeedsCredentials() throws Exception {
        ApiHttp nobody = new ApiHttp(server.url(), ca, null, null);
        assertThat(nobody.get("/healthz").code()).isEqualTo(401);
        assertThat(nobody.get("/version").code()).isEqualTo(401);
        assertThat(as(TestCerts.client(clientCa, "jane")).get("/healthz").code()).isEqualTo(200);
    }

    @Test
    void badClientCertificatesAre401() throws Exception {
        Instant now = Instant.now();
        var expired = TestCerts.client(clientCa, "old", List.of(), now.minusSeconds(7200), now.minusSeconds(60));
        var notYet = TestCerts.client(clientCa, "future", List.of(), now.plusSeconds(3600), now.plusSeconds(7200));
        var otherCa = TestCerts.client(TestCerts.impostorOf(clientCa), "impostor", "system:masters");
        var serverOnly = TestCerts.server(clientCa, "127.0.0.1");
        for (TestCerts.Issued bad : List.of(expired, notYet, otherCa, serverOnly)) {
            ApiHttp.Response r = as(bad).get("/version");
            assertThat(r.code()).as(bad.cert().getSubjectX500Principal().getName()).isEqualTo(401);
            assertThat(r.json().path("message").asText()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void frontProxyVouchesForTheUserInItsHeaders() throws Exception {
        ApiHttp proxy = as(TestCerts.client(requestHeaderCa, "system:auth-proxy"));
        ApiHttp.Response r = whoami(proxy, "X-Remote-User", "alice@example.com", "X-Remote-Group", "devs",
                "X-Remote-Group", "ops", "X-Remote-Extra-Scopes", "read", "X-Remote-Extra-Acme.com%2Fteam", "blue");
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        JsonNode u = r.json().path("status").path("userInfo");
        assertThat(u.path("username").asText()).isEqualTo("alice@example.com");
        assertThat(u.path("groups").toString()).isEqualTo("[\"devs\",\"ops\",\"system:authenticated\"]");
        assertThat(u.path("extra").path("scopes").toString()).isEqualTo("[\"read\"]");
        assertThat(u.path("extra").path("acme.com/team").toString()).isEqualTo("[\"blue\"]");

        ApiHttp.Response pods = proxy.get("/api/v1/pods", "X-Remote-User", "alice@example.com");
        assertThat(pods.code()).isEqualTo(403);
        assertThat(pods.json().path("message").asText()).contains("User \"alice@example.com\"");

        assertThat(proxy.get("/version").code()).as("a proxy certificate without a user header is nobody").isEqualTo(401);
    }

    @Test
    void onlyAllowedProxyNamesFromTheRequestHeaderCa() throws Exception {
        String who = "u-" + UUID.randomUUID();
        assertThat(whoami(as(TestCerts.client(requestHeaderCa, "some-proxy")), "X-Remote-User", who).code()).isEqualTo(401);
        assertThat(whoami(as(TestCerts.client(TestCerts.impostorOf(requestHeaderCa), "system:auth-proxy")),
                "X-Remote-User", who).code()).isEqualTo(401);
        Instant now = Instant.now();
        var expiredProxy = TestCerts.client(requestHeaderCa, "system:auth-proxy", List.of(), now.minusSeconds(7200), now.minusSeconds(10));
        assertThat(whoami(as(expiredProxy), "X-Remote-User", who).code()).isEqualTo(401);
    }
}
