package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files work as the API server and its clients use them: Vert.x mutual TLS with the client CA as trust, keys
 * loaded by {@link PemKeyCert}.
 */
class VertxTlsTest {

    @TempDir
    Path dir;
    Vertx vertx;
    ClusterPki pki;
    HttpServer server;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        pki = ClusterPki.ensure(PkiTestSupport.spec(dir.resolve("tls")), Clock.systemUTC());
        server = await(vertx.createHttpServer(new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(new PemKeyCert(pki.servingCertFile(), pki.servingKeyFile()))
                        .setTrustOptions(new PemTrustOptions().addCertPath(pki.clientCaFile().toString()))
                        .setClientAuth(ClientAuth.REQUIRED))
                .requestHandler(req -> {
                    try {
                        var peer = (X509Certificate) req.connection().sslSession().getPeerCertificates()[0];
                        req.response().end(peer.getSubjectX500Principal().getName());
                    } catch (Exception e) {
                        req.response().setStatusCode(500).end();
                    }
                })
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void tearDown() throws Exception {
        await(vertx.close());
    }

    @Test
    void adminCertAuthenticatesAgainstServingCert() throws Exception {
        assertThat(get(pki.admin(), "127.0.0.1")).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(get(pki.component(Component.KUBELET), "localhost")).isEqualTo("CN=system:node:node1,O=system:nodes");
    }

    @Test
    void nameNotInSansIsRejected() {
        assertThatThrownBy(() -> get(pki.admin(), "not-in-sans.example")).isInstanceOf(Exception.class)
                .satisfies(e -> assertThat(rootMessage(e)).containsIgnoringCase("not-in-sans.example"));
    }

    @Test
    void clientCertFromAnotherClusterIsRejected() throws Exception {
        ClusterPki foreign = ClusterPki.ensure(PkiTestSupport.spec(dir.resolve("other")), Clock.systemUTC());
        // Either the JDK client withholds the cert (its issuer DN is not advertised) or the server rejects
        // it; which one depends on whether both CAs got the same CN timestamp. Both are refusals.
        assertThatThrownBy(() -> get(foreign.admin(), "127.0.0.1"))
                .hasRootCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                .satisfies(e -> assertThat(rootMessage(e)).containsAnyOf("certificate_required", "certificate_unknown"));
        assertThat(get(pki.admin(), "127.0.0.1")).isEqualTo("CN=system:admin,O=system:masters");
    }

    private static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private String get(ClientCredential cred, String host) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(pki.serverCaFile().toString()))
                .setKeyCertOptions(new PemKeyCert(cred.certFile(), cred.keyFile())));
        try {
            // Always connect to the loopback listener; "host" is the name TLS verifies against the SANs.
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                    .setServer(SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1"))
                    .setHost(host).setPort(server.actualPort()).setURI("/");
            Future<Buffer> body = client.request(options)
                    .compose(req -> req.send())
                    .compose(HttpClientResponse::body);
            return await(body).toString();
        } finally {
            client.close();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
