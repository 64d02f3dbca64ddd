package io.k3j.auth.encryption;

/**
 * One key of one provider: turns a plaintext value into the bytes that follow the provider's prefix, and back.
 * {@code context} is the store key; ciphers that authenticate extra data (AES-GCM) bind the value to it, so a
 * ciphertext copied under another key does not decrypt. Implementations are thread-safe.
 */
interface ValueCipher {

    byte[] encrypt(byte[] plaintext, byte[] context);

    /** Throws {@link javax.crypto.AEADBadTagException} or {@link IllegalArgumentException} on bad input. */
    byte[] decrypt(byte[] ciphertext, byte[] context) throws java.security.GeneralSecurityException;
}
