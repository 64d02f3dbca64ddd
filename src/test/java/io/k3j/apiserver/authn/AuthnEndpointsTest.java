package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.auth.authn.Jws;
import io.k3j.testing.InProcessServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication endpoints on a whole in-process server: TokenRequest, bearer ServiceAccount tokens (403 on
 * resources proves who they are), SelfSubjectReview, TokenReview, issuer discovery, revocation by deletion.
 */
class AuthnEndpointsTest {

    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    @TempDir
    static Path dir;
    static InProcessServer server;
    static ApiHttp admin;
    static ApiHttp plain;

    @BeforeAll
    static void start() throws Exception {
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "s3cr3t-static,alice,uid-alice,\"devs,ops\"\nother-token,bob,uid-bob\n");
        server = InProcessServer.start(dir.resolve("data"), "--kube-apiserver-arg", "token-auth-file=" + tokens);
        Path tls = server.config().tlsDir();
        admin = new ApiHttp(server.url(), tls.resolve("server-ca.crt"), tls.resolve("client-admin.crt"), tls.resolve("client-admin.key"));
        plain = new ApiHttp(server.url(), tls.resolve("server-ca.crt"), null, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void createServiceAccount(String ns, String name) throws Exception {
        ApiHttp.Response r = admin.post("/api/v1/namespaces/" + ns + "/serviceaccounts",
                "{\"metadata\":{\"name\":\"" + name + "\"}}");
        assertThat(r.code()).as(r.body()).isEqualTo(201);
    }

    static String token(String ns, String sa, String spec) throws Exception {
        ApiHttp.Response r = admin.post("/api/v1/namespaces/" + ns + "/serviceaccounts/" + sa + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        return r.json().path("status").path("token").asText();
    }

    static JsonNode whoami(String... headers) throws Exception {
        ApiHttp.Response r = plain.post("/apis/authentication.k8s.io/v1/selfsubjectreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}", headers);
        assertThat(r.code()).as(r.body()).isEqualTo(201);
        return r.json().path("status").path("userInfo");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void tokenRequestIssuesABoundTokenThatAuthenticatesAndDiesWithItsServiceAccount() throws Exception {
        String sa = name("robot");
        createServiceAccount("default", sa);
        ApiHttp.Response issued = admin.post("/api/v1/namespaces/default/serviceaccounts/" + sa + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}");
        assertThat(issued.code()).as(issued.body()).isEqualTo(201);
        JsonNode body = issued.json();
        assertThat(body.path("kind").asText()).isEqualTo("TokenRequest");
        assertThat(body.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(body.path("spec").path("audiences").toString()).isEqualTo("[\"" + ISSUER + "\",\"k3s\"]");
        Instant exp = Instant.parse(body.path("status").path("expirationTimestamp").asText());
        assertThat(exp).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        String token = body.path("status").path("token").asText();

        ApiHttp.Response pods = plain.get("/api/v1/namespaces/default/pods", ApiHttp.bearer(token));
        assertThat(pods.code()).isEqualTo(403);
        assertThat(pods.json().path("message").asText())
                .startsWith("pods is forbidden: User \"system:serviceaccount:default:" + sa + "\" cannot list resource \"pods\"");

        JsonNode me = whoami(ApiHttp.bearer(token));
        assertThat(me.path("username").asText()).isEqualTo("system:serviceaccount:default:" + sa);
        assertThat(me.path("groups").toString())
                .isEqualTo("[\"system:serviceaccounts\",\"system:serviceaccounts:default\",\"system:authenticated\"]");
        assertThat(me.path("extra").path("authentication.kubernetes.io/credential-id").get(0).asText()).startsWith("JTI=");

        ApiHttp.Response review = admin.post("/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}");
        assertThat(review.code()).as(review.body()).isEqualTo(201);
        assertThat(review.json().path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(review.json().path("status").path("user").path("username").asText()).isEqualTo("system:serviceaccount:default:" + sa);

        assertThat(admin.delete("/api/v1/namespaces/default/serviceaccounts/" + sa).code()).isEqualTo(200);
        await("the token of a deleted ServiceAccount to be refused", () -> code(() ->
                plain.get("/api/v1/namespaces/default/pods", ApiHttp.bearer(token))) == 401);
        ApiHttp.Response after = admin.post("/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"spec\":{\"token\":\"" + token + "\"}}");
        assertThat(after.json().path("status").path("authenticated").asBoolean()).isFalse();
        assertThat(after.json().path("status").path("error").asText()).contains("service account token has been invalidated");
    }

    @Test
    void tokenRequestIsValidatedAsUpstream() throws Exception {
        String sa = name("val");
        createServiceAccount("default", sa);
        String path = "/api/v1/namespaces/default/serviceaccounts/" + sa + "/token";
        ApiHttp.Response shortLived = admin.post(path, "{\"spec\":{\"expirationSeconds\":10}}");
        assertThat(shortLived.code()).isEqualTo(422);
        assertThat(shortLived.json().path("message").asText()).isEqualTo("TokenRequest.authentication.k8s.io \"" + sa
                + "\" is invalid: spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes");

        ApiHttp.Response missing = admin.post("/api/v1/namespaces/default/serviceaccounts/nobody-here/token", "{\"spec\":{}}");
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.json().path("message").asText()).isEqualTo("serviceaccounts \"nobody-here\" not found");

        ApiHttp.Response badKind = admin.post(path, "{\"spec\":{\"boundObjectRef\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"name\":\"x\"}}}");
        assertThat(badKind.code()).isEqualTo(400);
        assertThat(badKind.json().path("message").asText())
                .isEqualTo("cannot bind token for serviceaccount \"" + sa + "\" to object of type /v1, Kind=ConfigMap");

        ApiHttp.Response noSecret = admin.post(path, "{\"spec\":{\"boundObjectRef\":{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"name\":\"gone\"}}}");
        assertThat(noSecret.code()).isEqualTo(404);

        ApiHttp.Response custom = admin.post(path, "{\"spec\":{\"audiences\":[\"vault\"],\"expirationSeconds\":7200}}");
        assertThat(custom.code()).isEqualTo(201);
        String vaultToken = custom.json().path("status").path("token").asText();
        assertThat(plain.get("/version", ApiHttp.bearer(vaultToken)).code()).as("not for the API server's audiences").isEqualTo(401);
        ApiHttp.Response review = admin.post("/apis/authentication.k8s.io/v1/tokenreviews",
                "{\"spec\":{\"token\":\"" + vaultToken + "\",\"audiences\":[\"vault\"]}}");
        assertThat(review.json().path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(review.json().path("status").path("audiences").toString()).isEqualTo("[\"vault\"]");
        admin.delete("/api/v1/namespaces/default/serviceaccounts/" + sa);
    }

    @Test
    void podBoundTokenNamesThePodAndDiesWithIt() throws Exception {
        String sa = name("podsa");
        String pod = name("web");
        createServiceAccount("default", sa);
        ApiHttp.Response created = admin.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"" + pod
                + "\"},\"spec\":{\"serviceAccountName\":\"" + sa + "\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        String podUid = created.json().path("metadata").path("uid").asText();

        ApiHttp.Response wrongUid = admin.post("/api/v1/namespaces/default/serviceaccounts/" + sa + "/token",
                "{\"spec\":{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"" + pod + "\",\"uid\":\"nope\"}}}");
        assertThat(wrongUid.code()).isEqualTo(409);
        ApiHttp.Response otherSa = admin.post("/api/v1/namespaces/default/serviceaccounts/default/token",
                "{\"spec\":{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"" + pod + "\"}}}");
        // The default ServiceAccount may not exist before the ServiceAccount controller; either way, no token.
        assertThat(otherSa.code()).isIn(400, 404);

        String token = token("default", sa, "{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\""
                + pod + "\",\"uid\":\"" + podUid + "\"}}");
        JsonNode claims = Jws.parse(token).claims();
        assertThat(claims.path("kubernetes.io").path("pod").path("uid").asText()).isEqualTo(podUid);
        JsonNode me = whoami(ApiHttp.bearer(token));
        assertThat(me.path("extra").path("authentication.kubernetes.io/pod-name").get(0).asText()).isEqualTo(pod);
        assertThat(me.path("extra").path("authentication.kubernetes.io/pod-uid").get(0).asText()).isEqualTo(podUid);

        admin.send("DELETE", "/api/v1/namespaces/default/pods/" + pod, "{\"gracePeriodSeconds\":0}");
        await("the token of a deleted pod to be refused", () -> code(() ->
                plain.get("/version", ApiHttp.bearer(token))) == 401);
        admin.delete("/api/v1/namespaces/default/serviceaccounts/" + sa);
    }

    @Test
    void issuerDiscoveryServesTheKeyThatSignsTokens() throws Exception {
        String sa = name("oidc");
        createServiceAccount("default", sa);
        String token = token("default", sa, "{}");
        assertThat(plain.get("/.well-known/openid-configuration").code()).as("not for anonymous").isEqualTo(403);
        ApiHttp.Response conf = plain.get("/.well-known/openid-configuration", ApiHttp.bearer(token));
        assertThat(conf.code()).isEqualTo(200);
        assertThat(conf.json().path("issuer").asText()).isEqualTo(ISSUER);
        assertThat(conf.json().path("jwks_uri").asText()).endsWith("/openid/v1/jwks").startsWith("https://");
        assertThat(conf.json().path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");
        ApiHttp.Response jwks = admin.get("/openid/v1/jwks");
        assertThat(jwks.code()).isEqualTo(200);
        JsonNode key = jwks.json().path("keys").get(0);
        assertThat(key.path("kid").asText()).isEqualTo(Jws.parse(token).keyId());
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        admin.delete("/api/v1/namespaces/default/serviceaccounts/" + sa);
    }

    @Test
    void staticTokenFileAndJoinTokensAuthenticate() throws Exception {
        JsonNode alice = whoami(ApiHttp.bearer("s3cr3t-static"));
        assertThat(alice.path("username").asText()).isEqualTo("alice");
        assertThat(alice.path("uid").asText()).isEqualTo("uid-alice");
        assertThat(alice.path("groups").toString()).isEqualTo("[\"devs\",\"ops\",\"system:authenticated\"]");
        assertThat(plain.get("/version", ApiHttp.bearer("s3cr3t-statix")).code()).isEqualTo(401);

        String serverToken = Files.readString(server.config().serverDir().resolve("token")).strip();
        JsonNode srv = whoami(ApiHttp.bearer(serverToken));
        assertThat(srv.path("username").asText()).isEqualTo("server");
        assertThat(srv.path("groups").toString()).isEqualTo("[\"k3s:server\",\"system:authenticated\"]");
        String password = serverToken.substring(serverToken.lastIndexOf(':') + 1);
        assertThat(whoami(ApiHttp.bearer(password)).path("username").asText()).isEqualTo("server");
        String basic = Base64.getEncoder().encodeToString(("node:" + password).getBytes(StandardCharsets.UTF_8));
        JsonNode node = whoami("Authorization", "Basic " + basic);
        assertThat(node.path("username").asText()).isEqualTo("node");
        assertThat(node.path("groups").toString()).isEqualTo("[\"k3s:agent\",\"system:authenticated\"]");
        String wrongCa = "K10" + "0".repeat(64) + "::server:" + password;
        assertThat(plain.get("/version", ApiHttp.bearer(wrongCa)).code()).isEqualTo(401);
    }

    @Test
    void bootstrapTokensAuthenticateFromTheirSecret() throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String secret = "0123456789abcdef";
        String data = "{\"token-id\":\"" + b64(id) + "\",\"token-secret\":\"" + b64(secret)
                + "\",\"usage-bootstrap-authentication\":\"" + b64("true") + "\",\"auth-extra-groups\":\""
                + b64("system:bootstrappers:k3s:default-node-token") + "\"}";
        ApiHttp.Response created = admin.post("/api/v1/namespaces/kube-system/secrets", "{\"metadata\":{\"name\":\"bootstrap-token-"
                + id + "\"},\"type\":\"bootstrap.kubernetes.io/token\",\"data\":" + data + "}");
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        JsonNode me = whoami(ApiHttp.bearer(id + "." + secret));
        assertThat(me.path("username").asText()).isEqualTo("system:bootstrap:" + id);
        assertThat(me.path("groups").toString()).isEqualTo(
                "[\"system:bootstrappers\",\"system:bootstrappers:k3s:default-node-token\",\"system:authenticated\"]");
        assertThat(plain.get("/version", ApiHttp.bearer(id + ".0123456789abcdee")).code()).isEqualTo(401);
        admin.delete("/api/v1/namespaces/kube-system/secrets/bootstrap-token-" + id);
        await("a deleted bootstrap token to be refused", () -> code(() ->
                plain.get("/version", ApiHttp.bearer(id + "." + secret))) == 401);
    }

    @Test
    void anonymousReachesOnlyPublicPathsAndBadCredentialsAre401() throws Exception {
        assertThat(plain.get("/healthz").code()).isEqualTo(200);
        assertThat(plain.get("/version").code()).isEqualTo(200);
        ApiHttp.Response pods = plain.get("/api/v1/pods");
        assertThat(pods.code()).isEqualTo(403);
        assertThat(pods.json().path("message").asText()).contains("User \"system:anonymous\"");
        assertThat(plain.post("/apis/authentication.k8s.io/v1/selfsubjectreviews", "{}").code()).isEqualTo(403);
        ApiHttp.Response garbage = plain.get("/healthz", "Authorization", "Bearer ");
        assertThat(garbage.code()).isEqualTo(401);
        assertThat(garbage.json().path("reason").asText()).isEqualTo("Unauthorized");
        assertThat(plain.get("/healthz", "Authorization", "Digest abc").code()).isEqualTo(401);
        assertThat(plain.get("/healthz", "Authorization", "Basic !!!").code()).isEqualTo(401);
    }

    @Test
    void tokenReviewNeedsAToken() throws Exception {
        ApiHttp.Response r = admin.post("/apis/authentication.k8s.io/v1/tokenreviews", "{\"spec\":{}}");
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.json().path("message").asText()).isEqualTo("token is required for TokenReview in authentication");
        ApiHttp.Response garbage = admin.post("/apis/authentication.k8s.io/v1/tokenreviews", "{\"spec\":{\"token\":\"x.y.z\"}}");
        assertThat(garbage.code()).isEqualTo(201);
        assertThat(garbage.json().path("status").path("authenticated").asBoolean()).isFalse();
        assertThat(admin.get("/apis/authentication.k8s.io/v1/tokenreviews").code()).isEqualTo(405);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    interface Call {
        ApiHttp.Response call() throws Exception;
    }

    static int code(Call c) {
        try {
            return c.call().code();
        } catch (Exception e) {
            return -1;
        }
    }
}
