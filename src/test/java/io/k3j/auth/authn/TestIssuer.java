package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OIDC provider on loopback with its own TLS CA: serves the discovery document and a JWK set whose keys
 * the test can change (rotation), and mints ID tokens.
 */
public final class TestIssuer implements AutoCloseable {

    public final TestCerts.Issued ca = TestCerts.ca("test-oidc-ca");
    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, Map.Entry<String, KeyPair>> keys = new LinkedHashMap<>();
    public final AtomicInteger jwksFetches = new AtomicInteger();
    public final String url;

    public TestIssuer(Vertx vertx) {
        this.vertx = vertx;
        TestCerts.Issued tls = TestCerts.server(ca, "127.0.0.1");
        this.server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(tls.certPem()))
                        .addKeyValue(Buffer.buffer(tls.keyPem()))));
        server.requestHandler(req -> {
            switch (req.path()) {
                case "/.well-known/openid-configuration" -> req.response().putHeader("Content-Type", "application/json")
                        .end(JsonNodeFactory.instance.objectNode().put("issuer", url()).put("jwks_uri", url() + "/keys")
                                .toString());
                case "/keys" -> {
                    jwksFetches.incrementAndGet();
                    req.response().putHeader("Content-Type", "application/json").end(jwks().toString());
                }
                default -> req.response().setStatusCode(404).end();
            }
        });
        int port = server.listen().await().actualPort();
        this.url = "https://127.0.0.1:" + port;
    }

    public String url() {
        return url;
    }

    /** Publishes a key (RS256 or ES256) under {@code kid}. */
    public synchronized KeyPair addKey(String kid, JwsAlgorithm alg) {
        KeyPair k = alg == JwsAlgorithm.RS256 ? TestCerts.rsaKey() : TestCerts.ecKey();
        keys.put(kid, Map.entry(alg.name(), k));
        return k;
    }

    public synchronized void removeKey(String kid) {
        keys.remove(kid);
    }

    public synchronized String token(String kid, ObjectNode claims) {
        var k = keys.get(kid);
        return Jws.sign(JsonNodeFactory.instance.objectNode().put("kid", kid), claims,
                JwsAlgorithm.valueOf(k.getKey()), k.getValue().getPrivate());
    }

    /** Standard claims for {@code clientId}, valid for an hour. */
    public ObjectNode claims(String clientId, String sub) {
        long now = Instant.now().getEpochSecond();
        return JsonNodeFactory.instance.objectNode().put("iss", url()).put("sub", sub).put("aud", clientId)
                .put("iat", now).put("exp", now + 3600);
    }

    private synchronized ObjectNode jwks() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = root.putArray("keys");
        keys.forEach((kid, e) -> {
            ObjectNode j = arr.addObject().put("kid", kid).put("use", "sig").put("alg", e.getKey());
            if (e.getValue().getPublic() instanceof RSAPublicKey rsa) {
                j.put("kty", "RSA").put("n", b64(rsa.getModulus())).put("e", b64(rsa.getPublicExponent()));
            } else {
                ECPublicKey ec = (ECPublicKey) e.getValue().getPublic();
                j.put("kty", "EC").put("crv", "P-256").put("x", b64(ec.getW().getAffineX(), 32)).put("y", b64(ec.getW().getAffineY(), 32));
            }
        });
        arr.addObject().put("kty", "oct").put("k", "c2VjcmV0"); // a symmetric key: must be ignored
        return root;
    }

    private static String b64(BigInteger n) {
        return Jws.encode(ServiceAccountKeys.unsigned(n));
    }

    private static String b64(BigInteger n, int size) {
        byte[] raw = ServiceAccountKeys.unsigned(n);
        byte[] out = new byte[size];
        System.arraycopy(raw, 0, out, size - raw.length, raw.length);
        return Jws.encode(out);
    }

    @Override
    public void close() {
        server.close().await();
    }
}
