package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.authn.JwsAlgorithm;
import io.k3j.auth.authn.TestIssuer;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole server configured with --kube-apiserver-arg oidc-*: an ID token from the loopback issuer logs in. */
class OidcLoginTest {

    @TempDir
    Path dir;

    @Test
    void idTokenFromTheConfiguredIssuerMapsUsernameAndGroups() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestIssuer issuer = new TestIssuer(vertx)) {
            issuer.addKey("k1", JwsAlgorithm.RS256);
            Path caFile = dir.resolve("oidc-ca.pem");
            Files.writeString(caFile, issuer.ca.certPem());
            try (InProcessServer server = InProcessServer.start(dir.resolve("data"),
                    "--kube-apiserver-arg", "oidc-issuer-url=" + issuer.url(),
                    "--kube-apiserver-arg", "oidc-client-id=k3j",
                    "--kube-apiserver-arg", "oidc-username-claim=email",
                    "--kube-apiserver-arg", "oidc-groups-claim=groups",
                    "--kube-apiserver-arg", "oidc-groups-prefix=oidc:",
                    "--kube-apiserver-arg", "oidc-ca-file=" + caFile)) {
                ApiHttp plain = new ApiHttp(server.url(), server.config().tlsDir().resolve("server-ca.crt"), null, null);
                ObjectNode claims = issuer.claims("k3j", "abc").put("email", "jane@example.com").put("email_verified", true);
                claims.putArray("groups").add("admins");
                String token = issuer.token("k1", claims);
                ApiHttp.Response r = plain.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}", ApiHttp.bearer(token));
                assertThat(r.code()).as(r.body()).isEqualTo(201);
                JsonNode u = r.json().path("status").path("userInfo");
                assertThat(u.path("username").asText()).isEqualTo("jane@example.com");
                assertThat(u.path("groups").toString()).isEqualTo("[\"oidc:admins\",\"system:authenticated\"]");

                ApiHttp.Response pods = plain.get("/api/v1/namespaces/default/pods", ApiHttp.bearer(token));
                assertThat(pods.code()).isEqualTo(403);
                assertThat(pods.json().path("message").asText()).contains("User \"jane@example.com\"");

                ObjectNode other = issuer.claims("another-client", "abc").put("email", "jane@example.com");
                assertThat(plain.get("/version", ApiHttp.bearer(issuer.token("k1", other))).code()).isEqualTo(401);
            }
        } finally {
            vertx.close().await();
        }
    }
}
