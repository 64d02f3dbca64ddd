package io.k3j.auth.authn;

import io.k3j.config.ComponentArgs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication settings of {@code --kube-apiserver-arg}, with K3s's defaults: the service-account issuer
 * {@code https://kubernetes.default.svc.<cluster-domain>}, API audiences {@code <issuer>,k3s}, request-header
 * names as K3s passes them, bootstrap tokens on (K3s agents join with them). Parsed before anything is
 * written, so a bad value stops start-up with one line.
 */
public record AuthnFlags(String serviceAccountIssuer, List<String> apiAudiences, Optional<String> jwksUri,
                         Optional<Path> tokenAuthFile, boolean bootstrapTokens,
                         RequestHeaderAuthenticator.Settings requestHeader, Optional<OidcSettings> oidc) {

    /** The kube-apiserver keys this record reads; {@link ComponentArgs} accepts them. */
    public static final Set<String> KEYS = Set.of("service-account-issuer", "api-audiences", "service-account-jwks-uri",
            "token-auth-file", "enable-bootstrap-token-auth", "requestheader-allowed-names",
            "requestheader-username-headers", "requestheader-group-headers", "requestheader-extra-headers-prefix",
            "oidc-issuer-url", "oidc-client-id", "oidc-username-claim", "oidc-username-prefix", "oidc-groups-claim",
            "oidc-groups-prefix", "oidc-ca-file", "oidc-signing-algs");

    public AuthnFlags {
        apiAudiences = List.copyOf(apiAudiences);
    }

    /** @throws IllegalArgumentException naming the flag at fault */
    public static AuthnFlags from(ComponentArgs args, String clusterDomain) {
        String issuer = args.get("service-account-issuer", "https://kubernetes.default.svc." + clusterDomain);
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("--kube-apiserver-arg service-account-issuer must not be empty");
        }
        List<String> audiences = list(args.get("api-audiences", issuer + ",k3s"));
        if (audiences.isEmpty()) {
            audiences = List.of(issuer);
        }
        Optional<String> jwksUri = Optional.of(args.get("service-account-jwks-uri", "")).filter(s -> !s.isBlank());
        Optional<Path> tokenFile = Optional.of(args.get("token-auth-file", "")).filter(s -> !s.isBlank()).map(Path::of);
        boolean bootstrap = bool(args, "enable-bootstrap-token-auth", true);
        RequestHeaderAuthenticator.Settings k3s = RequestHeaderAuthenticator.Settings.k3sDefaults();
        RequestHeaderAuthenticator.Settings rh = new RequestHeaderAuthenticator.Settings(
                listOr(args, "requestheader-allowed-names", k3s.allowedNames()),
                listOr(args, "requestheader-username-headers", k3s.usernameHeaders()),
                listOr(args, "requestheader-group-headers", k3s.groupHeaders()),
                listOr(args, "requestheader-extra-headers-prefix", k3s.extraHeaderPrefixes()));
        return new AuthnFlags(issuer, audiences, jwksUri, tokenFile, bootstrap, rh, oidc(args));
    }

    private static Optional<OidcSettings> oidc(ComponentArgs args) {
        String url = args.get("oidc-issuer-url", "");
        if (url.isBlank()) {
            return Optional.empty();
        }
        List<JwsAlgorithm> algs = new ArrayList<>();
        for (String a : list(args.get("oidc-signing-algs", "RS256"))) {
            algs.add(JwsAlgorithm.named(a).orElseThrow(() -> new IllegalArgumentException(
                    "--kube-apiserver-arg oidc-signing-algs: unsupported algorithm \"" + a + "\" (k3j supports RS256, ES256)")));
        }
        try {
            return Optional.of(new OidcSettings(url, args.get("oidc-client-id", ""), args.get("oidc-username-claim", "sub"),
                    args.get("oidc-username-prefix", ""), args.get("oidc-groups-claim", ""),
                    args.get("oidc-groups-prefix", ""),
                    Optional.of(args.get("oidc-ca-file", "")).filter(s -> !s.isBlank()).map(Path::of), algs));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--kube-apiserver-arg " + e.getMessage(), e);
        }
    }

    private static boolean bool(ComponentArgs args, String key, boolean fallback) {
        String v = args.get(key, String.valueOf(fallback));
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--kube-apiserver-arg " + key + " must be true or false, not \"" + v + "\"");
        };
    }

    private static List<String> listOr(ComponentArgs args, String key, List<String> fallback) {
        return args.values().containsKey(key) ? list(args.get(key, "")) : fallback;
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}
