package io.k3j.auth.encryption;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Upstream's aesgcm layout: a random 12-byte nonce, then AES-GCM ciphertext with its 16-byte tag, authenticating
 * the store key as additional data. Random nonces make a key safe for about 2^32 writes: rotate well before.
 */
final class AesGcmCipher implements ValueCipher {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;

    AesGcmCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] context) {
        byte[] nonce = Nonces.random(NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context);
            byte[] out = new byte[NONCE + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] data, byte[] context) throws GeneralSecurityException {
        if (data.length < NONCE + TAG_BITS / 8) {
            throw new IllegalArgumentException("the stored data was shorter than the required size");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE));
        c.updateAAD(context);
        try {
            return c.doFinal(data, NONCE, data.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("message authentication failed");
        }
    }
}
