package io.k3j.bootstrap;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the bootstrap data with the server token as K3s does: a key derived from the token's password with
 * PBKDF2 (HMAC-SHA1), then AES-256-GCM. The envelope carries its own salt, nonce and iteration count, so the
 * parameters can grow later without breaking data sealed today.
 *
 * <p>Envelope (ASCII): {@code k3j-bootstrap-v1:<iterations>:<salt b64>:<nonce b64>:<ciphertext+tag b64>}.
 */
public final class BootstrapCipher {

    /** K3s's count: the token is normally 128 random bits, so the derivation only has to be cheap at every start. */
    static final int ITERATIONS = 4096;
    private static final String MAGIC = "k3j-bootstrap-v1";
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The data could not be opened with this token: sealed with another one, or damaged. */
    public static final class WrongTokenException extends Exception {
        WrongTokenException(String message) {
            super(message);
        }
    }

    private BootstrapCipher() {
    }

    public static byte[] seal(String password, byte[] plaintext) {
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(password, salt, ITERATIONS), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(MAGIC.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(plaintext);
            Base64.Encoder b64 = Base64.getEncoder();
            return String.join(":", MAGIC, Integer.toString(ITERATIONS), b64.encodeToString(salt),
                    b64.encodeToString(nonce), b64.encodeToString(sealed)).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public static byte[] open(String password, byte[] envelope) throws WrongTokenException {
        String[] parts = new String(envelope, StandardCharsets.US_ASCII).split(":");
        if (parts.length != 5 || !MAGIC.equals(parts[0])) {
            throw new WrongTokenException("bootstrap data is not in a format this k3j understands");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            Base64.Decoder b64 = Base64.getDecoder();
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(password, b64.decode(parts[2]), iterations),
                    new GCMParameterSpec(TAG_BITS, b64.decode(parts[3])));
            c.updateAAD(MAGIC.getBytes(StandardCharsets.US_ASCII));
            return c.doFinal(b64.decode(parts[4]));
        } catch (AEADBadTagException e) {
            throw new WrongTokenException("bootstrap data cannot be decrypted with this token");
        } catch (IllegalArgumentException e) {
            throw new WrongTokenException("bootstrap data is damaged: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static SecretKeySpec key(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            byte[] k = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1").generateSecret(spec).getEncoded();
            return new SecretKeySpec(k, "AES");
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
