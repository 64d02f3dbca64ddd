package io.k3j.auth.authn;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.util.List;

/** The parts of an HTTP request that carry credentials: the TLS client chain and the headers. */
public record AuthRequest(List<Certificate> peerCertificates, MultiMap headers) {

    public AuthRequest {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
    }

    public static AuthRequest from(HttpServerRequest request) {
        List<Certificate> peer = List.of();
        if (request.isSSL()) {
            try {
                List<Certificate> chain = request.connection().peerCertificates();
                peer = chain == null ? List.of() : chain;
            } catch (SSLPeerUnverifiedException e) {
                peer = List.of(); // no client certificate: other credentials may follow
            }
        }
        return new AuthRequest(peer, request.headers());
    }

    /** A request that carries nothing but {@code Authorization: Bearer <token>} (TokenReview asks this way). */
    public static AuthRequest bearer(String token) {
        return new AuthRequest(List.of(), MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token));
    }
}
