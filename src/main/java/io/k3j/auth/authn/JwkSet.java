package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The signature keys of a JWK set (RFC 7517) that k3j can use: RSA keys and EC P-256 keys. Keys of other types,
 * encryption keys and keys that do not parse are left out rather than failing the whole set, as OIDC clients do.
 */
public record JwkSet(List<Key> keys) {

    /** One usable key; {@code alg} empty when the JWK does not pin one. */
    public record Key(String kid, String alg, PublicKey publicKey) {
        /** Whether this key may check a token signed with {@code algorithm}. */
        public boolean usableFor(JwsAlgorithm algorithm) {
            return (alg.isEmpty() || alg.equals(algorithm.name())) && algorithm.fits(publicKey);
        }
    }

    public JwkSet {
        keys = List.copyOf(keys);
    }

    public static JwkSet parse(JsonNode root) throws JwtException {
        JsonNode arr = root == null ? null : root.get("keys");
        if (arr == null || !arr.isArray()) {
            throw new JwtException("JWK set has no \"keys\" array");
        }
        List<Key> out = new ArrayList<>();
        for (JsonNode k : arr) {
            String use = k.path("use").asText("sig");
            if (!use.equals("sig")) {
                continue;
            }
            try {
                PublicKey key = switch (k.path("kty").asText("")) {
                    case "RSA" -> rsa(k);
                    case "EC" -> k.path("crv").asText("").equals("P-256") ? p256(k) : null;
                    default -> null;
                };
                if (key != null) {
                    out.add(new Key(k.path("kid").asText(""), k.path("alg").asText(""), key));
                }
            } catch (GeneralSecurityException | JwtException | IllegalArgumentException e) {
                // an unusable key: skip it, the others may serve
            }
        }
        return new JwkSet(out);
    }

    /** The keys that may check a token with this key id (all keys when the token names none). */
    public List<Key> candidates(String kid, JwsAlgorithm algorithm) {
        List<Key> out = new ArrayList<>();
        for (Key k : keys) {
            if ((kid.isEmpty() || kid.equals(k.kid())) && k.usableFor(algorithm)) {
                out.add(k);
            }
        }
        return out;
    }

    private static PublicKey rsa(JsonNode k) throws GeneralSecurityException, JwtException {
        BigInteger n = new BigInteger(1, Jws.decode(k.path("n").asText(""), "JWK n"));
        BigInteger e = new BigInteger(1, Jws.decode(k.path("e").asText(""), "JWK e"));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static PublicKey p256(JsonNode k) throws GeneralSecurityException, JwtException {
        BigInteger x = new BigInteger(1, Jws.decode(k.path("x").asText(""), "JWK x"));
        BigInteger y = new BigInteger(1, Jws.decode(k.path("y").asText(""), "JWK y"));
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }
}
