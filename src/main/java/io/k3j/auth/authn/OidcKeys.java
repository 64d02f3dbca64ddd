package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OIDC provider's signing keys: the discovery document at {@code <issuer>/.well-known/openid-configuration}
 * names the JWKS URI; both are fetched over HTTPS (trusting {@code oidc-ca-file}, else the JVM's CAs) with the
 * Vert.x client, never blocking. The key set is cached and fetched again when a token names a key id it does not
 * hold (a provider rotated its keys), at most once per {@link #MIN_REFRESH_MS} so that tokens with made-up key
 * ids cannot make k3j hammer the provider. Until the first fetch succeeds it retries with backoff.
 *
 * <p>Confined to the context that created it; calls from elsewhere hop onto it.
 */
public final class OidcKeys {

    private static final Logger LOG = Logger.getLogger(OidcKeys.class.getName());
    static final long MIN_REFRESH_MS = 10_000;
    private final long minRefreshMs;
    private static final long MAX_RETRY_MS = 30_000;
    private static final int MAX_DOCUMENT = 1024 * 1024;
    private static final int TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final Context context;
    private final OidcSettings settings;
    private final HttpClient http;
    private JwkSet keys;
    private Future<JwkSet> refreshing;
    private long lastRefreshMs = Long.MIN_VALUE / 2;
    private long retryTimer = -1;
    private boolean stopped;

    /** @param caPem the contents of oidc-ca-file, or null for the JVM's trusted CAs */
    public OidcKeys(Vertx vertx, OidcSettings settings, Buffer caPem) {
        this(vertx, settings, caPem, MIN_REFRESH_MS);
    }

    OidcKeys(Vertx vertx, OidcSettings settings, Buffer caPem, long minRefreshMs) {
        this.minRefreshMs = minRefreshMs;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS / 1000).setKeepAlive(true);
        if (caPem != null) {
            options.setTrustOptions(new PemTrustOptions().addCertValue(caPem));
        }
        this.http = vertx.httpClientBuilder().with(options).build();
    }

    /** Starts the first fetch in the background (requests meanwhile are refused as "not initialized"). */
    public void start() {
        onContext(() -> refresh().onFailure(e -> retry(1_000)).map(k -> (Void) null));
    }

    public Future<Void> stop() {
        return onContext(() -> {
            stopped = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
            }
            return http.close();
        });
    }

    /** The keys held, or the first fetch's outcome while there are none yet. */
    public Future<JwkSet> current() {
        return onContext(() -> keys != null ? Future.succeededFuture(keys) : refreshing != null ? refreshing
                : Future.failedFuture(new IOException("oidc: authenticator not initialized")));
    }

    /** Fetches the keys again unless that happened less than {@link #MIN_REFRESH_MS} ago; then the keys held. */
    public Future<JwkSet> refreshIfStale() {
        return onContext(() -> {
            if (System.currentTimeMillis() - lastRefreshMs < minRefreshMs && refreshing == null) {
                return keys != null ? Future.succeededFuture(keys)
                        : Future.failedFuture(new IOException("oidc: authenticator not initialized"));
            }
            return refresh();
        });
    }

    private Future<JwkSet> refresh() {
        if (refreshing != null) {
            return refreshing; // one fetch at a time: concurrent callers share it
        }
        lastRefreshMs = System.currentTimeMillis();
        Future<JwkSet> f = fetchJson(settings.discoveryUrl()).compose(this::jwksUri).compose(this::fetchJson).compose(doc -> {
            try {
                return Future.succeededFuture(JwkSet.parse(doc));
            } catch (JwtException e) {
                return Future.failedFuture(new IOException("oidc: " + e.getMessage()));
            }
        });
        refreshing = f;
        f.onComplete(ar -> {
            refreshing = null;
            if (ar.succeeded()) {
                boolean first = keys == null;
                keys = ar.result();
                if (first) {
                    LOG.log(Level.INFO, "OIDC provider keys loaded", new Object[]{"issuer", settings.issuerUrl(),
                            "keys", keys.keys().size()});
                }
            } else {
                LOG.log(Level.WARNING, "cannot fetch OIDC provider keys", new Object[]{"issuer", settings.issuerUrl(),
                        "error", ar.cause().getMessage()});
            }
        });
        return f;
    }

    private void retry(long delayMs) {
        if (stopped || keys != null) {
            return;
        }
        retryTimer = vertx.setTimer(delayMs, id -> {
            retryTimer = -1;
            refresh().onFailure(e -> retry(Math.min(delayMs * 2, MAX_RETRY_MS)));
        });
    }

    /** The discovery document must be for our issuer, exactly (OIDC Discovery §4.3), and point to HTTPS. */
    private Future<String> jwksUri(JsonNode discovery) {
        String issuer = discovery.path("issuer").asText("");
        if (!issuer.equals(settings.issuerUrl())) {
            return Future.failedFuture(new IOException("oidc: issuer did not match the issuer returned by provider, expected \""
                    + settings.issuerUrl() + "\" got \"" + issuer + "\""));
        }
        String uri = discovery.path("jwks_uri").asText("");
        if (!uri.startsWith("https://")) {
            return Future.failedFuture(new IOException("oidc: provider's jwks_uri is not an https URL"));
        }
        return Future.succeededFuture(uri);
    }

    private Future<JsonNode> fetchJson(String url) {
        RequestOptions ro;
        try {
            URI u = URI.create(url);
            ro = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(u.toString())
                    .putHeader("Accept", "application/json").setTimeout(TIMEOUT_MS);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new IOException("oidc: bad URL " + url));
        }
        return http.request(ro).compose(req -> req.send()).compose(resp -> {
            if (resp.statusCode() != 200) {
                return resp.body().transform(ignored -> Future.failedFuture(
                        new IOException("oidc: GET " + url + " answered " + resp.statusCode())));
            }
            return resp.body().compose(this::json);
        });
    }

    private Future<JsonNode> json(Buffer body) {
        if (body.length() > MAX_DOCUMENT) {
            return Future.failedFuture(new IOException("oidc: provider document is larger than 1 MiB"));
        }
        try {
            return Future.succeededFuture(Jws.readJson(body.getBytes()));
        } catch (IOException e) {
            return Future.failedFuture(new IOException("oidc: provider document is not JSON"));
        }
    }

    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
        if (Vertx.currentContext() == context) {
            return work.get();
        }
        return Future.future(p -> context.runOnContext(v -> work.get().onComplete(p)));
    }
}
