package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A signing CA as loaded from disk. {@code certPem} is the file content exactly as stored, since the
 * join-token hash is computed over those bytes.
 */
public record CertificateAuthority(Path certFile, Path keyFile, X509Certificate cert, PrivateKey key, String certPem) {

    /**
     * Loads {@code <dir>/<base>.crt} and {@code .key} (e.g. {@code client-ca}), as the in-process signers do; the
     * first certificate of the file is the CA.
     *
     * @throws IOException when a file is missing or the key does not belong to the certificate
     */
    public static CertificateAuthority load(Path dir, String base) throws IOException {
        Path crt = dir.resolve(base + ".crt");
        Path key = dir.resolve(base + ".key");
        String pem = Files.readString(crt, StandardCharsets.US_ASCII);
        X509Certificate cert = Pem.parseCertificates(pem).getFirst();
        KeyPair pair = Pem.readKeyPair(key);
        if (!PkiFiles.keyMatches(pair.getPublic(), cert.getPublicKey())) {
            throw new IOException(key + " does not belong to the certificate in " + crt);
        }
        return new CertificateAuthority(crt, key, cert, pair.getPrivate(), pem);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + cert.getSubjectX500Principal().getName() + ", " + certFile + "]";
    }
}
