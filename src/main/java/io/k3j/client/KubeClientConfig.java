package io.k3j.client;

import java.nio.file.Path;

/**
 * Where and how to reach an API server: its base URL ({@code https://host:port}), the CA that signed its
 * serving certificate, and either a client certificate/key pair or a bearer token.
 */
public record KubeClientConfig(String server, Path caFile, Path certFile, Path keyFile, String bearerToken,
                               String userAgent) {

    public static KubeClientConfig clientCert(String server, Path caFile, Path certFile, Path keyFile, String userAgent) {
        return new KubeClientConfig(server, caFile, certFile, keyFile, null, userAgent);
    }

    public static KubeClientConfig token(String server, Path caFile, String bearerToken, String userAgent) {
        return new KubeClientConfig(server, caFile, null, null, bearerToken, userAgent);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "KubeClientConfig[" + server + (certFile != null ? " cert=" + certFile : " token") + "]";
    }
}
