package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Signs bound service-account tokens (TokenRequest) with the service-account key, RS256, carrying the claims
 * kube-apiserver puts in them: iss, sub {@code system:serviceaccount:<ns>:<name>}, aud, exp, iat, nbf, jti,
 * and the private {@code kubernetes.io} claim naming the namespace, the ServiceAccount and any bound pod,
 * secret and node with their uids.
 */
public final class ServiceAccountTokenIssuer {

    /** What to sign. {@code pod}, {@code secret}, {@code node} may be null. */
    public record Request(String namespace, BoundObject serviceAccount, List<String> audiences, long expirationSeconds,
                          BoundObject pod, BoundObject secret, BoundObject node) {
        public Request {
            audiences = List.copyOf(audiences);
        }
    }

    public record Issued(String token, Instant expiration) {
        @Override
        public String toString() {
            return "Issued[token=***, expiration=" + expiration + "]"; // never print the token
        }
    }

    private final ServiceAccountKeys keys;
    private final String issuer;
    private final Clock clock;

    public ServiceAccountTokenIssuer(ServiceAccountKeys keys, String issuer, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    public Issued issue(Request r) {
        Instant now = clock.instant();
        Instant exp = now.plusSeconds(r.expirationSeconds());
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode claims = f.objectNode();
        var aud = claims.putArray("aud");
        r.audiences().forEach(aud::add);
        claims.put("exp", exp.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", issuer);
        claims.put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", r.namespace());
        putRef(k8s, "node", r.node());
        putRef(k8s, "pod", r.pod());
        putRef(k8s, "secret", r.secret());
        putRef(k8s, "serviceaccount", r.serviceAccount());
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", ServiceAccountUser.name(r.namespace(), r.serviceAccount().name()));
        ObjectNode header = f.objectNode().put("kid", keys.keyId());
        return new Issued(Jws.sign(header, claims, JwsAlgorithm.RS256, keys.keyPair().getPrivate()), exp);
    }

    private static void putRef(ObjectNode k8s, String field, BoundObject ref) {
        if (ref != null) {
            k8s.putObject(field).put("name", ref.name()).put("uid", ref.uid());
        }
    }
}
