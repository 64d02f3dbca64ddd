package io.k3j.auth.encryption;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Upstream's aescbc layout: a random 16-byte IV, then AES-CBC over the PKCS#7-padded value. Not authenticated
 * (as upstream), so a wrong key is usually, not always, caught by the padding check; the key name in the prefix
 * is what tells keys apart.
 */
final class AesCbcCipher implements ValueCipher {

    private static final int BLOCK = 16;

    private final SecretKeySpec key;

    AesCbcCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] context) {
        byte[] iv = Nonces.random(BLOCK);
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS#5 here is PKCS#7 on 16-byte blocks
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] out = new byte[BLOCK + c.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, BLOCK);
            int n = c.doFinal(plaintext, 0, plaintext.length, out, BLOCK);
            return n + BLOCK == out.length ? out : java.util.Arrays.copyOf(out, n + BLOCK);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC is unavailable", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] data, byte[] context) throws GeneralSecurityException {
        if (data.length < BLOCK) {
            throw new IllegalArgumentException("the stored data was shorter than the required size");
        }
        if ((data.length - BLOCK) % BLOCK != 0) {
            throw new IllegalArgumentException("the stored data is not a multiple of the block size");
        }
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(data, 0, BLOCK));
        try {
            return c.doFinal(data, BLOCK, data.length - BLOCK);
        } catch (javax.crypto.BadPaddingException e) {
            throw new IllegalArgumentException("invalid padding on input");
        }
    }
}
