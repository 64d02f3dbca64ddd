package io.k3j.auth.encryption;

/**
 * A stored value could not be encrypted or decrypted: wrong or missing key, tampered or truncated data. The
 * message names the key and never includes key material or plaintext. The API server answers 500 with it, as
 * kube-apiserver does ("unable to transform key ...").
 */
public final class TransformException extends RuntimeException {

    public TransformException(String storeKey, String reason) {
        super("unable to transform key \"" + storeKey + "\": " + reason, null, false, false);
    }
}
