package io.k3j.auth.authn;

import io.k3j.pki.Tokens;

import java.security.cert.X509Certificate;

/**
 * Everything the API server's authentication needs once the credentials exist: the parsed flags, the
 * service-account key, the K3s join tokens, and the client and request-header CAs.
 */
public record AuthnSettings(AuthnFlags flags, ServiceAccountKeys serviceAccountKeys, Tokens clusterTokens,
                            X509Certificate clientCa, X509Certificate requestHeaderCa, boolean anonymous) {
}
