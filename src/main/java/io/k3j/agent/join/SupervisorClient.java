package io.k3j.agent.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.supervisor.SupervisorRoutes;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The joining agent's calls to the server, blocking (the agent makes them on its start-up thread, before Vert.x
 * runs anything): {@code /cacerts} unverified, then the supervisor endpoints ({@code /v1-k3j/…}) over TLS verified
 * against the pinned CA, with the token's credentials as HTTP Basic, as K3s's agent sends them. Every failure
 * becomes a {@link JoinException} with one line for the user. Ten-second timeouts, as K3s's; a server that answers
 * late is asked again (see {@link #send}).
 */
final class SupervisorClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int BUSY_ATTEMPTS = 6;
    private static final Logger LOG = Logger.getLogger(SupervisorClient.class.getName());

    private final URI server;
    private final HttpClient http;
    private final String authorization;

    /**
     * @param pinned trusts exactly the pinned CA bundle (hostnames verified as usual)
     */
    SupervisorClient(URI server, SSLContext pinned, String user, String password) {
        this.server = server;
        this.http = client(pinned);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /cacerts} trusting whoever answers: the caller checks the bytes against the token's hash. */
    static byte[] caCerts(URI server) {
        HttpResponse<byte[]> r;
        try (HttpClient blind = client(trustingAnyone())) {
            r = send(server, blind, HttpRequest.newBuilder(server.resolve("/cacerts")).GET(),
                    HttpResponse.BodyHandlers.ofByteArray(), false);
        }
        if (r.statusCode() != 200) {
            throw new JoinException(server + "/cacerts answered " + r.statusCode() + ": is this a k3j server?");
        }
        return r.body();
    }

    /** The cluster settings agents take from the server ({@code /v1-k3j/config}); the first use of the token. */
    JsonNode config() {
        String body = get("config", Map.of());
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new JoinException(server + "/v1-k3j/config answered something that is not JSON", e);
        }
    }

    /** A supervisor endpoint's body: {@code path} under {@code /v1-k3j/}, with extra request headers. */
    String get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(SupervisorRoutes.PREFIX + path)).GET()
                .header("Authorization", authorization);
        headers.forEach(b::header);
        HttpResponse<String> r = send(server, http, b, HttpResponse.BodyHandlers.ofString(), true);
        return switch (r.statusCode()) {
            case 200 -> r.body();
            case 401 -> throw new JoinException("the server refused the token (401 Unauthorized): its password is wrong, "
                    + "or it is not this cluster's token (use the server's <data-dir>/server/node-token)");
            default -> throw new JoinException(server + SupervisorRoutes.PREFIX + path + " answered " + r.statusCode()
                    + ": " + statusMessage(r.body()));
        };
    }

    /**
     * Who a client certificate authenticates as (a SelfSubjectReview), or empty when the server does not accept it
     * (401: e.g. issued by a client CA the server no longer trusts).
     */
    static Optional<String> whoAmI(URI server, SSLContext withCertificate) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve("/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"));
        HttpResponse<String> r;
        try (HttpClient c = client(withCertificate)) {
            r = send(server, c, b, HttpResponse.BodyHandlers.ofString(), true);
        }
        if (r.statusCode() == 401) {
            return Optional.empty();
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new JoinException("the server did not review the node's certificate (" + r.statusCode() + "): "
                    + statusMessage(r.body()));
        }
        try {
            return Optional.of(Json.MAPPER.readTree(r.body()).path("status").path("userInfo").path("username").asText(""));
        } catch (IOException e) {
            throw new JoinException("the server's SelfSubjectReview answer is not JSON", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** The message of a Kubernetes Status body, else the body itself (shortened). */
    static String statusMessage(String body) {
        try {
            JsonNode status = Json.MAPPER.readTree(body);
            if (status != null && status.hasNonNull("message")) {
                return status.path("message").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through
        }
        String b = body == null ? "" : body.strip();
        return b.length() > 200 ? b.substring(0, 200) + "…" : b;
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * One request. A timeout (connection with its TLS handshake, or answer) is taken for a busy server (one still
     * warming up, a loaded machine) and retried, as K3s's agent waits for a server that is not ready, at most
     * {@link #BUSY_ATTEMPTS} times; a refused connection or an unknown host fails at once.
     */
    private static <T> HttpResponse<T> send(URI server, HttpClient client, HttpRequest.Builder request,
                                            HttpResponse.BodyHandler<T> body, boolean verified) {
        HttpRequest r = request.timeout(TIMEOUT).build();
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(server, client, r, body, verified);
            } catch (JoinException e) {
                if (!(e.getCause() instanceof HttpTimeoutException)) {
                    throw e;
                }
                if (attempt >= BUSY_ATTEMPTS) {
                    throw new JoinException(e.getMessage() + " (" + attempt + " attempts)", e.getCause());
                }
                LOG.log(Level.INFO, "the server is slow to answer; asking again", new Object[]{"path", r.uri().getPath(),
                        "attempt", attempt + 1});
            }
        }
    }

    private static <T> HttpResponse<T> sendOnce(URI server, HttpClient client, HttpRequest request,
                                                HttpResponse.BodyHandler<T> body, boolean verified) {
        try {
            return client.send(request, body);
        } catch (SSLHandshakeException e) {
            throw new JoinException(verified
                    ? "cannot verify the server at " + server + " against the cluster CA: " + e.getMessage()
                    : "TLS handshake with " + server + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JoinException("cannot reach the server at " + server + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JoinException("interrupted while talking to " + server, e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + TIMEOUT.toSeconds() + " s";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return root.getMessage() == null || root.getMessage().isBlank() ? "connection refused"
                    : root.getMessage().toLowerCase(java.util.Locale.ROOT);
        }
        if (root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    /** Accepts any certificate and any name: only for fetching /cacerts, whose content is checked afterwards. */
    private static SSLContext trustingAnyone() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[]{new X509ExtendedTrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
