package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts AdmissionReviews with Vert.x's non-blocking HTTP client. One client per CA bundle (webhooks sharing a bundle
 * share connections); the certificate is checked against the bundle, or the JVM's roots when there is none, and its
 * name against the URL's host. The whole call, connect included, is bounded by the webhook's timeout; upstream tells
 * the webhook that budget with {@code ?timeout=<n>s}. Failures carry Go's error texts where clients may match them.
 */
final class WebhookClient {

    private final Vertx vertx;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    WebhookClient(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The URL upstream posts to: the configured one with {@code timeout=<n>s} added to its query. */
    static String requestUrl(URI url, int timeoutSeconds) {
        String s = url.toString();
        String sep = url.getRawQuery() == null ? "?" : "&";
        int hash = s.indexOf('#');
        String base = hash < 0 ? s : s.substring(0, hash);
        return base + sep + "timeout=" + timeoutSeconds + "s";
    }

    /**
     * @return the response body as JSON; fails with {@link WebhookCallFailure} ({@code Post "<url>": <error>})
     */
    Future<JsonNode> post(Endpoint ep, String caBundlePem, int timeoutSeconds, Buffer body) {
        String url = requestUrl(ep.url(), timeoutSeconds);
        long timeoutMs = timeoutSeconds * 1000L;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setServer(SocketAddress.inetSocketAddress(ep.connectPort(), ep.connectHost()))
                .setConnectTimeout(timeoutMs)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        Promise<JsonNode> result = Promise.promise();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (result.tryFail(failure(url, "context deadline exceeded"))) {
                HttpClientRequest req = inFlight.get();
                if (req != null) {
                    req.reset();
                }
            }
        });
        client(caBundlePem).request(options)
                .compose(req -> {
                    inFlight.set(req);
                    return req.send(body);
                })
                .compose(resp -> resp.body().map(b -> {
                    if (resp.statusCode() / 100 != 2) {
                        throw failure(url, statusText(resp.statusCode(), b));
                    }
                    return parse(url, b);
                }))
                .onComplete(ar -> {
                    vertx.cancelTimer(timer);
                    if (ar.succeeded()) {
                        result.tryComplete(ar.result());
                    } else {
                        result.tryFail(ar.cause() instanceof WebhookCallFailure f ? f : failure(url, goError(ep, ar.cause())));
                    }
                });
        return result.future();
    }

    private HttpClient client(String caBundlePem) {
        return clients.computeIfAbsent(caBundlePem, pem -> {
            HttpClientOptions o = new HttpClientOptions().setVerifyHost(true).setKeepAlive(true);
            if (!pem.isEmpty()) {
                o.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem)));
            }
            return vertx.httpClientBuilder().with(o).build();
        });
    }

    Future<Void> close() {
        return Future.all(clients.values().stream().map(HttpClient::close).toList()).mapEmpty();
    }

    private static JsonNode parse(String url, Buffer b) {
        try {
            return Json.MAPPER.readTree(b.getBytes());
        } catch (java.io.IOException e) {
            throw failure(url, "invalid character in webhook response body: " + e.getMessage());
        }
    }

    private static WebhookCallFailure failure(String url, String error) {
        return new WebhookCallFailure("failed to call webhook: Post \"" + url + "\": " + error);
    }

    /** client-go's text for a non-2xx answer that is not a Status. */
    private static String statusText(int code, Buffer body) {
        String text = body.toString().trim();
        if (text.length() > 256) {
            text = text.substring(0, 256);
        }
        return "an error on the server (\"" + text + "\") has prevented the request from succeeding (status " + code + ")";
    }

    /** Go's net/http error texts for the failures clients and operators recognise. */
    private static String goError(Endpoint ep, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException && String.valueOf(c.getMessage()).contains("refused")) {
                return "dial tcp " + ep.dialAddress() + ": connect: connection refused";
            }
            if (c instanceof SSLException || c instanceof java.security.cert.CertificateException) {
                String m = String.valueOf(c.getMessage());
                if (m.contains("PKIX") || m.contains("unable to find valid certification path")) {
                    return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
                }
                if (m.contains("No subject alternative") || m.contains("doesn't match")) {
                    return "tls: failed to verify certificate: x509: certificate is valid for other names, not "
                            + ep.url().getHost();
                }
            }
            if (c instanceof io.netty.channel.ConnectTimeoutException) {
                return "dial tcp " + ep.dialAddress() + ": i/o timeout";
            }
        }
        return String.valueOf(t.getMessage());
    }
}
