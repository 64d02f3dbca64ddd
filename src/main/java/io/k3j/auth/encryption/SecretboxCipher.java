package io.k3j.auth.encryption;

import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import java.security.MessageDigest;

/**
 * Upstream's secretbox layout: a random 24-byte nonce, then NaCl's secretbox of the value (the 16-byte Poly1305
 * tag followed by the XSalsa20 ciphertext). As in NaCl, the first 32 bytes of the XSalsa20 key stream are the
 * one-time Poly1305 key and the message is encrypted with the stream after them.
 */
final class SecretboxCipher implements ValueCipher {

    private static final int NONCE = 24;
    private static final int TAG = 16;
    private static final int POLY_KEY = 32;

    private final byte[] key;

    SecretboxCipher(byte[] key) {
        this.key = key.clone();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] context) {
        byte[] nonce = Nonces.random(NONCE);
        XSalsa20Engine stream = stream(nonce);
        byte[] polyKey = polyKey(stream);
        byte[] out = new byte[NONCE + TAG + plaintext.length];
        System.arraycopy(nonce, 0, out, 0, NONCE);
        stream.processBytes(plaintext, 0, plaintext.length, out, NONCE + TAG);
        mac(polyKey, out, NONCE + TAG, plaintext.length, out, NONCE);
        return out;
    }

    @Override
    public byte[] decrypt(byte[] data, byte[] context) {
        if (data.length < NONCE + TAG) {
            throw new IllegalArgumentException("the stored data was shorter than the required size");
        }
        byte[] nonce = java.util.Arrays.copyOf(data, NONCE);
        XSalsa20Engine stream = stream(nonce);
        byte[] polyKey = polyKey(stream);
        int length = data.length - NONCE - TAG;
        byte[] tag = new byte[TAG];
        mac(polyKey, data, NONCE + TAG, length, tag, 0);
        if (!MessageDigest.isEqual(tag, java.util.Arrays.copyOfRange(data, NONCE, NONCE + TAG))) {
            throw new IllegalArgumentException("message authentication failed");
        }
        byte[] plain = new byte[length];
        stream.processBytes(data, NONCE + TAG, length, plain, 0);
        return plain;
    }

    private XSalsa20Engine stream(byte[] nonce) {
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    private static byte[] polyKey(XSalsa20Engine stream) {
        byte[] k = new byte[POLY_KEY];
        stream.processBytes(new byte[POLY_KEY], 0, POLY_KEY, k, 0);
        return k;
    }

    private static void mac(byte[] polyKey, byte[] in, int off, int len, byte[] out, int outOff) {
        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(polyKey));
        poly.update(in, off, len);
        poly.doFinal(out, outOff);
    }
}
