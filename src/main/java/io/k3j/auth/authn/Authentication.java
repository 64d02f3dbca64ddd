package io.k3j.auth.authn;

import io.k3j.auth.X509Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's authentication, assembled from its settings: the request chain (client certificate, then
 * the Authorization header, then the front proxy, then anonymous), the token authenticators behind the bearer
 * header (static file, K3s join tokens, bootstrap tokens, ServiceAccount JWTs, OIDC, in upstream's order),
 * and the service-account token issuer. Files are read and the OIDC provider contacted off the event loop.
 */
public final class Authentication {

    private final AuthenticationChain chain;
    private final TokenAuthenticator tokens;
    private final ServiceAccountTokenIssuer issuer;
    private final AuthnSettings settings;
    private final OidcKeys oidcKeys;

    private Authentication(AuthenticationChain chain, TokenAuthenticator tokens, ServiceAccountTokenIssuer issuer,
                           AuthnSettings settings, OidcKeys oidcKeys) {
        this.chain = chain;
        this.tokens = tokens;
        this.issuer = issuer;
        this.settings = settings;
        this.oidcKeys = oidcKeys;
    }

    /** Call on the API server's context: the OIDC client belongs to it. Fails when a configured file cannot be read. */
    public static Future<Authentication> start(Vertx vertx, AuthnSettings s, ObjectLookup lookup, Clock clock) {
        AuthnFlags f = s.flags();
        Future<StaticTokenFile> staticTokens = f.tokenAuthFile().isEmpty() ? Future.succeededFuture(null)
                : vertx.executeBlocking(() -> StaticTokenFile.read(f.tokenAuthFile().get()), false)
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot read token-auth-file "
                        + f.tokenAuthFile().get() + ": " + e.getMessage(), e)));
        Future<Buffer> oidcCa = f.oidc().flatMap(OidcSettings::caFile).isEmpty() ? Future.succeededFuture(null)
                : vertx.executeBlocking(() -> Buffer.buffer(Files.readAllBytes(f.oidc().get().caFile().get())), false)
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot read oidc-ca-file: " + e.getMessage(), e)));
        return Future.all(staticTokens, oidcCa).map(v -> {
            List<String> auds = f.apiAudiences();
            List<TokenAuthenticator> tokenAuths = new ArrayList<>();
            if (staticTokens.result() != null) {
                tokenAuths.add(new AudienceAgnostic(staticTokens.result(), auds));
            }
            ClusterTokenAuthenticator cluster = new ClusterTokenAuthenticator(s.clusterTokens());
            tokenAuths.add(new AudienceAgnostic(cluster, auds));
            tokenAuths.add(new ServiceAccountTokenAuthenticator(f.serviceAccountIssuer(),
                    List.of(s.serviceAccountKeys().publicKey()), lookup, clock, auds));
            if (f.bootstrapTokens()) {
                tokenAuths.add(new AudienceAgnostic(new BootstrapTokenAuthenticator(lookup, clock), auds));
            }
            OidcKeys keys = null;
            if (f.oidc().isPresent()) {
                keys = new OidcKeys(vertx, f.oidc().get(), oidcCa.result());
                keys.start();
                tokenAuths.add(new AudienceAgnostic(new OidcAuthenticator(f.oidc().get(), keys, clock), auds));
            }
            TokenAuthenticator union = new CachedTokenAuthenticator(new TokenUnion(tokenAuths));
            AuthenticationChain chain = new AuthenticationChain(List.of(
                    new X509RequestAuthenticator(new X509Authenticator(s.clientCa(), clock), auds),
                    new BearerTokenAuthenticator(union, cluster, auds),
                    new RequestHeaderAuthenticator(new X509Authenticator(s.requestHeaderCa(), clock), f.requestHeader(), auds)),
                    s.anonymous());
            return new Authentication(chain, union, new ServiceAccountTokenIssuer(s.serviceAccountKeys(),
                    f.serviceAccountIssuer(), clock), s, keys);
        });
    }

    public AuthenticationChain chain() {
        return chain;
    }

    /** The bearer-token authenticators, for TokenReview. */
    public TokenAuthenticator tokens() {
        return tokens;
    }

    public ServiceAccountTokenIssuer issuer() {
        return issuer;
    }

    public AuthnSettings settings() {
        return settings;
    }

    public Future<Void> stop() {
        return oidcKeys == null ? Future.succeededFuture() : oidcKeys.stop();
    }
}
