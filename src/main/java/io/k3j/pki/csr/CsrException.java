package io.k3j.pki.csr;

/** A CSR that cannot be parsed or verified, or that a signer refuses; the message is upstream's text. */
public final class CsrException extends RuntimeException {

    public CsrException(String message) {
        super(message, null, false, false);
    }
}
