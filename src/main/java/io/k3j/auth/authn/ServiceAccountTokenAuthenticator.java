package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ServiceAccount JWTs signed with the service-account key: bound tokens (TokenRequest; issuer
 * {@code https://kubernetes.default.svc.<domain>}) and legacy Secret-based tokens (issuer
 * {@code kubernetes/serviceaccount}). A token of another issuer is not ours ({@link AuthResult#NONE}).
 * Beyond signature, algorithm (RS256 only), times and audience, the objects the token names must still exist
 * with the same uid: deleting the ServiceAccount, the bound pod or secret revokes the token.
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {

    public static final String LEGACY_ISSUER = "kubernetes/serviceaccount";
    private static final String LEGACY = "kubernetes.io/serviceaccount/";
    private static final String INVALIDATED = "service account token has been invalidated";
    /** Set by the legacy token cleaner on Secrets whose token must no longer work. */
    private static final String INVALID_SINCE_LABEL = "kubernetes.io/legacy-token-invalid-since";

    private final String issuer;
    private final List<PublicKey> keys;
    private final ObjectLookup lookup;
    private final Clock clock;
    private final List<String> implicitAudiences;

    /** @param implicitAudiences the API audiences: what a legacy token (which names none) is valid for */
    public ServiceAccountTokenAuthenticator(String issuer, List<PublicKey> keys, ObjectLookup lookup, Clock clock,
                                            List<String> implicitAudiences) {
        this.issuer = issuer;
        this.keys = List.copyOf(keys);
        this.lookup = lookup;
        this.clock = clock;
        this.implicitAudiences = List.copyOf(implicitAudiences);
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        if (!Jws.looksLikeJwt(token)) {
            return done(AuthResult.NONE);
        }
        String iss = unverifiedIssuer(token);
        boolean legacy = LEGACY_ISSUER.equals(iss);
        if (!legacy && !issuer.equals(iss)) {
            return done(AuthResult.NONE);
        }
        Jws jws;
        try {
            jws = Jws.parse(token);
            if (jws.algorithm() != JwsAlgorithm.RS256) {
                throw new JwtException("unsupported signing algorithm \"" + jws.algorithm() + "\"");
            }
            if (keys.stream().noneMatch(jws::verify)) {
                throw new JwtException("invalid signature");
            }
            JwtClaims.checkTimes(jws.claims(), clock.instant(), !legacy);
        } catch (JwtException e) {
            return done(AuthResult.failure(e.getMessage()));
        }
        List<String> granted;
        try {
            granted = grantedAudiences(jws.claims(), audiences);
        } catch (JwtException e) {
            return done(AuthResult.failure(e.getMessage()));
        }
        if (granted == null) {
            return done(AuthResult.failure("token audiences are invalid for the target audiences " + audiences));
        }
        return legacy ? legacy(token, jws.claims(), granted) : bound(jws.claims(), granted);
    }

    /** The token's audiences that the caller accepts; null when none (upstream's audience intersection). */
    private List<String> grantedAudiences(ObjectNode claims, List<String> requested) throws JwtException {
        List<String> tokenAuds = JwtClaims.audiences(claims);
        if (tokenAuds.isEmpty()) {
            tokenAuds = implicitAudiences; // legacy tokens are good for the API server only
        }
        List<String> want = requested.isEmpty() ? implicitAudiences : requested;
        List<String> both = new ArrayList<>();
        for (String a : tokenAuds) {
            if (want.contains(a) && !both.contains(a)) {
                both.add(a);
            }
        }
        return both.isEmpty() && !implicitAudiences.isEmpty() ? null : both;
    }

    private Future<AuthResult> bound(ObjectNode claims, List<String> audiences) {
        JsonNode k8s = claims.path("kubernetes.io");
        String ns = k8s.path("namespace").asText("");
        BoundObject sa = ref(k8s, "serviceaccount");
        BoundObject pod = ref(k8s, "pod");
        BoundObject secret = ref(k8s, "secret");
        BoundObject node = ref(k8s, "node");
        if (ns.isEmpty() || sa == null || sa.name().isEmpty() || sa.uid().isEmpty()) {
            return done(AuthResult.failure("token lacks the kubernetes.io namespace and serviceaccount claims"));
        }
        String subject = JwtClaims.string(claims, "sub");
        if (!subject.equals(ServiceAccountUser.name(ns, sa.name()))) {
            return done(AuthResult.failure("token subject does not match its service account claims"));
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        Future<String> checks = live("serviceaccounts", ns, sa, "service account");
        if (secret != null) {
            checks = andThen(checks, () -> live("secrets", ns, secret, "secret"));
        }
        if (pod != null) {
            checks = andThen(checks, () -> live("pods", ns, pod, "pod"));
        } else if (node != null) {
            // A pod-bound token names the pod's node for information; only a node-bound token depends on it.
            checks = andThen(checks, () -> live("nodes", "", node, "node"));
        }
        return checks.map(problem -> {
            if (problem != null) {
                return AuthResult.failure(problem);
            }
            if (pod != null) {
                extra.put(ServiceAccountUser.EXTRA_POD_NAME, List.of(pod.name()));
                extra.put(ServiceAccountUser.EXTRA_POD_UID, List.of(pod.uid()));
            }
            if (node != null) {
                extra.put(ServiceAccountUser.EXTRA_NODE_NAME, List.of(node.name()));
                if (!node.uid().isEmpty()) {
                    extra.put(ServiceAccountUser.EXTRA_NODE_UID, List.of(node.uid()));
                }
            }
            String jti = JwtClaims.string(claims, "jti");
            if (!jti.isEmpty()) {
                extra.put(ServiceAccountUser.EXTRA_CREDENTIAL_ID, List.of("JTI=" + jti));
            }
            return new AuthResult.Success(ServiceAccountUser.of(ns, sa.name(), sa.uid(), extra), audiences);
        });
    }

    /** null when the object exists with this uid and is not gone; else why not (a chained check stops at the first). */
    private Future<String> live(String resource, String namespace, BoundObject ref, String what) {
        return lookup.get(resource, namespace, ref.name()).map(obj -> {
            if (obj == null || deletedBefore(obj, clock.instant())) {
                return INVALIDATED;
            }
            String uid = SecretData.uid(obj);
            if (!uid.equals(ref.uid())) {
                return what + " UID (" + uid + ") does not match claim (" + ref.uid() + ")";
            }
            return null;
        });
    }

    /** Runs {@code next} only when every check so far passed (problem == null). */
    private static Future<String> andThen(Future<String> checks, java.util.function.Supplier<Future<String>> next) {
        return checks.compose(problem -> problem != null ? Future.succeededFuture(problem) : next.get());
    }

    private Future<AuthResult> legacy(String token, ObjectNode claims, List<String> audiences) {
        String ns = JwtClaims.string(claims, LEGACY + "namespace");
        String secretName = JwtClaims.string(claims, LEGACY + "secret.name");
        String saName = JwtClaims.string(claims, LEGACY + "service-account.name");
        String saUid = JwtClaims.string(claims, LEGACY + "service-account.uid");
        if (ns.isEmpty() || secretName.isEmpty() || saName.isEmpty() || saUid.isEmpty()) {
            return done(AuthResult.failure("token lacks the kubernetes.io/serviceaccount claims"));
        }
        return lookup.get("secrets", ns, secretName).compose(secret -> {
            if (secret == null || SecretData.deleting(secret)) {
                return done(AuthResult.failure("token has been invalidated"));
            }
            byte[] stored = SecretData.bytes(secret, "token");
            if (stored == null || !MessageDigest.isEqual(stored, token.getBytes(StandardCharsets.UTF_8))) {
                return done(AuthResult.failure("token does not match secret"));
            }
            if (invalidated(secret)) {
                return done(AuthResult.failure("token has been invalidated"));
            }
            return lookup.get("serviceaccounts", ns, saName).map(sa -> {
                if (sa == null) {
                    return AuthResult.failure("serviceaccounts \"" + saName + "\" not found");
                }
                if (SecretData.deleting(sa)) {
                    return AuthResult.failure("ServiceAccount " + ns + "/" + saName + " has been deleted");
                }
                if (!SecretData.uid(sa).equals(saUid)) {
                    return AuthResult.failure("ServiceAccount UID (" + SecretData.uid(sa) + ") does not match claim (" + saUid + ")");
                }
                return new AuthResult.Success(ServiceAccountUser.of(ns, saName, saUid, Map.of()), audiences);
            });
        });
    }

    private boolean invalidated(ObjectNode secret) {
        String since = secret.path("metadata").path("labels").path(INVALID_SINCE_LABEL).asText("");
        if (since.isEmpty()) {
            return false;
        }
        try {
            // The label holds a date (YYYY-MM-DD); the token is invalid from that day on.
            return !java.time.LocalDate.parse(since).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /**
     * Gone, for a token: a deletionTimestamp in the past. A pod being deleted gracefully keeps its token until
     * its grace period ends (the timestamp lies ahead until then), as upstream.
     */
    private static boolean deletedBefore(ObjectNode obj, Instant now) {
        JsonNode ts = obj.path("metadata").get("deletionTimestamp");
        if (ts == null || ts.isNull()) {
            return false;
        }
        try {
            return !Instant.parse(ts.asText()).isAfter(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static BoundObject ref(JsonNode k8s, String field) {
        JsonNode r = k8s.get(field);
        if (r == null || !r.isObject()) {
            return null;
        }
        return new BoundObject(r.path("name").asText(""), r.path("uid").asText(""));
    }

    /** The "iss" of a token not yet verified, only to tell whether it is ours; "" when unreadable. */
    static String unverifiedIssuer(String token) {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        try {
            byte[] payload = Jws.decode(token.substring(first + 1, second), "payload");
            JsonNode iss = Jws.readJson(payload).get("iss");
            return iss != null && iss.isTextual() ? iss.asText() : "";
        } catch (JwtException | java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private static Future<AuthResult> done(AuthResult r) {
        return Future.succeededFuture(r);
    }
}
