package io.k3j.auth.authn;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The JWS algorithms k3j accepts: RS256 (service-account tokens, most OIDC providers) and ES256. Everything
 * else, {@code none} and the HMAC family above all, is refused by name before any key is touched, so a token
 * can never choose a weaker check than the key it claims.
 */
public enum JwsAlgorithm {
    RS256("SHA256withRSA"),
    /** The JDK's P1363 variant takes JOSE's raw r||s signature as is, no DER re-encoding. */
    ES256("SHA256withECDSAinP1363Format");

    /** The order of the P-256 group: tells a P-256 key apart from other 256-bit curves. */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final int MIN_RSA_BITS = 2048;

    private final String jca;

    JwsAlgorithm(String jca) {
        this.jca = jca;
    }

    /** The algorithm a JOSE header names, if k3j supports it (case-sensitive, as JOSE is). */
    public static Optional<JwsAlgorithm> named(String alg) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(alg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} is the kind of key this algorithm verifies with. */
    public boolean fits(PublicKey key) {
        return switch (this) {
            case RS256 -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
            case ES256 -> key instanceof ECPublicKey ec && ec.getParams().getOrder().equals(P256_ORDER);
        };
    }

    public boolean verify(PublicKey key, byte[] signingInput, byte[] signature) {
        if (!fits(key) || this == ES256 && signature.length != 64) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(jca);
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature is simply not a valid one
        }
    }

    public byte[] sign(PrivateKey key, byte[] signingInput) {
        try {
            Signature s = Signature.getInstance(jca);
            s.initSign(key);
            s.update(signingInput);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + name() + ": " + e.getMessage(), e);
        }
    }
}
