package io.k3j.auth.authn;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * kube-apiserver's --oidc-* flags. {@code usernamePrefix} empty means unset: then claims other than
 * {@code email} are prefixed with {@code <issuer>#}; "-" turns prefixing off.
 */
public record OidcSettings(String issuerUrl, String clientId, String usernameClaim, String usernamePrefix,
                           String groupsClaim, String groupsPrefix, Optional<Path> caFile,
                           List<JwsAlgorithm> signingAlgorithms) {

    public OidcSettings {
        signingAlgorithms = List.copyOf(signingAlgorithms);
        URI uri;
        try {
            uri = new URI(issuerUrl);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("oidc-issuer-url is not a URL");
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("oidc-issuer-url must be an https URL");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("oidc-issuer-url must not have a query or fragment");
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("oidc-client-id is required with oidc-issuer-url");
        }
        if (signingAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("oidc-signing-algs must name at least one algorithm");
        }
    }

    /** The prefix put before usernames, after upstream's defaulting. */
    public String effectiveUsernamePrefix() {
        if (usernamePrefix.equals("-")) {
            return "";
        }
        if (usernamePrefix.isEmpty()) {
            return usernameClaim.equals("email") ? "" : issuerUrl + "#";
        }
        return usernamePrefix;
    }

    /** Where the provider's discovery document lives (go-oidc trims a trailing slash first). */
    public String discoveryUrl() {
        String base = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
        return base + "/.well-known/openid-configuration";
    }
}
