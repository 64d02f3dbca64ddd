package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The service-account signing key ({@code server/tls/service.key}, RSA) and what the world may know of it: its
 * key id (as kube-apiserver derives it: unpadded base64url of the SHA-256 of the DER public key) and the JWK
 * set served at {@code /openid/v1/jwks}.
 */
public record ServiceAccountKeys(KeyPair keyPair, String keyId) {

    public static ServiceAccountKeys of(KeyPair keyPair) {
        if (!(keyPair.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("the service-account key must be an RSA key");
        }
        return new ServiceAccountKeys(keyPair, keyId(keyPair.getPublic()));
    }

    public static String keyId(PublicKey key) {
        try {
            return Jws.encode(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** {"keys":[{"use":"sig","kty":"RSA","kid":…,"alg":"RS256","n":…,"e":…}]} */
    public ObjectNode jwks() {
        RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode keys = root.putArray("keys");
        keys.addObject()
                .put("use", "sig")
                .put("kty", "RSA")
                .put("kid", keyId)
                .put("alg", JwsAlgorithm.RS256.name())
                .put("n", Jws.encode(unsigned(rsa.getModulus())))
                .put("e", Jws.encode(unsigned(rsa.getPublicExponent())));
        return root;
    }

    /** Big-endian magnitude without the sign byte BigInteger adds, as JWK wants. */
    static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            return java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return b;
    }
}
