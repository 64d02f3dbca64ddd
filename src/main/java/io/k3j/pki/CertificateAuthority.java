package io.k3j.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A signing CA as loaded from disk. {@code certPem} is the file content exactly as stored, since the
 * join-token hash is computed over those bytes.
 */
public record CertificateAuthority(Path certFile, Path keyFile, X509Certificate cert, PrivateKey key, String certPem) {

    @Override
    public String toString() {
        return "CertificateAuthority[" + cert.getSubjectX500Principal().getName() + ", " + certFile + "]";
    }
}
