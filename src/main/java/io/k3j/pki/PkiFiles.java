package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.x500.X500Principal;

/**
 * Load-or-create for each file under the tls dir. Keys are created once and then reused forever: a
 * renewed or re-issued leaf keeps its key, so anything pinned to the public key keeps working.
 */
final class PkiFiles {

    static final Duration RENEW_BEFORE = Duration.ofDays(120);
    static final int KEY_MODE = 0600;
    static final int CERT_MODE = 0644;

    private static final Logger LOG = Logger.getLogger(ClusterPki.class.getName());

    private PkiFiles() {}

    /** A leaf as on disk after {@link #ensureLeaf}. */
    record Leaf(Path certFile, Path keyFile, X509Certificate cert, String certPem, String keyPem) {
        ClientCredential credential() {
            return new ClientCredential(certFile, keyFile, certPem, keyPem);
        }
    }

    /**
     * Loads {@code <base>.crt/.key} or creates a self-signed CA. A CA is never replaced automatically:
     * every cert and kubeconfig in the cluster hangs off it, so a half-present pair is an error.
     */
    static CertificateAuthority ensureCa(Path dir, String base, String commonNamePrefix, Instant now) throws IOException {
        Path crt = dir.resolve(base + ".crt");
        Path key = dir.resolve(base + ".key");
        boolean haveCrt = Files.exists(crt);
        boolean haveKey = Files.exists(key);
        if (haveCrt && haveKey) {
            return loadCa(crt, key, now);
        }
        if (haveCrt || haveKey) {
            throw new IOException("found " + (haveCrt ? crt : key) + " but not " + (haveCrt ? key : crt)
                    + "; restore the missing file or remove both to create a new CA");
        }
        KeyPair kp = CertIssuer.newEcKey();
        X509Certificate cert = CertIssuer.selfSignedCa(kp, commonNamePrefix + "@" + now.getEpochSecond(), now);
        String pem = Pem.encode(cert);
        AtomicFiles.write(key, Pem.encodePrivateKey(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII), KEY_MODE);
        AtomicFiles.write(crt, pem.getBytes(StandardCharsets.US_ASCII), CERT_MODE);
        LOG.info(() -> "created CA " + crt.getFileName() + " (" + describe(cert) + ")");
        return new CertificateAuthority(crt, key, cert, kp.getPrivate(), pem);
    }

    private static CertificateAuthority loadCa(Path crt, Path key, Instant now) throws IOException {
        String pem = Files.readString(crt, StandardCharsets.US_ASCII);
        X509Certificate cert = Pem.parseCertificates(pem).getFirst();
        PrivateKey pk = readKey(key);
        if (!keyMatches(Pem.publicKeyOf(pk), cert.getPublicKey())) {
            throw new IOException(key + " does not belong to the certificate in " + crt);
        }
        if (cert.getBasicConstraints() < 0) {
            throw new IOException(crt + " is not a CA certificate (basicConstraints CA:false)");
        }
        if (!cert.getNotAfter().toInstant().isAfter(now)) {
            // Not renewed automatically (that would orphan every issued cert); say so loudly.
            LOG.warning(() -> "CA " + crt.getFileName() + " expired on " + cert.getNotAfter().toInstant()
                    + "; rotate it, clients will reject certificates it signs");
        }
        return new CertificateAuthority(crt, key, cert, pk, pem);
    }

    /** Loads, renews, re-issues or creates one leaf so that it matches {@code t} and is signed by {@code ca}. */
    static Leaf ensureLeaf(Path dir, LeafTemplate t, CertificateAuthority ca, Instant now) throws IOException {
        Path crt = dir.resolve(t.fileBase() + ".crt");
        Path key = dir.resolve(t.fileBase() + ".key");
        PrivateKey pk;
        PublicKey pub;
        String keyPem;
        if (Files.exists(key)) {
            keyPem = Files.readString(key, StandardCharsets.US_ASCII);
            pk = readKey(key);
            pub = Pem.publicKeyOf(pk);
        } else {
            KeyPair kp = CertIssuer.newEcKey();
            pk = kp.getPrivate();
            pub = kp.getPublic();
            keyPem = Pem.encodePrivateKey(pk);
            AtomicFiles.write(key, keyPem.getBytes(StandardCharsets.US_ASCII), KEY_MODE);
        }
        Optional<X509Certificate> existing = readLeafQuietly(crt);
        String reason = existing.isEmpty() ? "created" : staleReason(existing.get(), pub, t, ca, now);
        if (reason == null) {
            X509Certificate cert = existing.get();
            return new Leaf(crt, key, cert, Files.readString(crt, StandardCharsets.US_ASCII), keyPem);
        }
        X509Certificate cert = CertIssuer.leaf(t, pub, ca, now);
        String pem = Pem.encode(cert, ca.cert());
        AtomicFiles.write(crt, pem.getBytes(StandardCharsets.US_ASCII), CERT_MODE);
        LOG.info(() -> reason + " certificate " + crt.getFileName() + " (" + describe(cert) + ")");
        return new Leaf(crt, key, cert, pem, keyPem);
    }

    /** Why an existing leaf must be re-issued, or null when it is still good. */
    static String staleReason(X509Certificate cert, PublicKey key, LeafTemplate t, CertificateAuthority ca,
                              Instant now) throws IOException {
        if (!keyMatches(key, cert.getPublicKey())) {
            // The key on disk wins over a cert that does not match it (e.g. a key restored from backup).
            return "re-issued (key changed)";
        }
        if (!signedBy(cert, ca.cert())) {
            return "re-issued (CA changed)";
        }
        if (!cert.getSubjectX500Principal().equals(CertIssuer.subject(t))) {
            return "re-issued (subject changed)";
        }
        if (t.usage() == CertIssuer.Usage.SERVER && !SanSet.of(cert).sameAs(t.sans())) {
            return "re-issued (SANs changed)";
        }
        Instant notAfter = cert.getNotAfter().toInstant();
        if (notAfter.minus(RENEW_BEFORE).isBefore(now) || cert.getNotBefore().toInstant().isAfter(now)) {
            return "renewed";
        }
        return null;
    }

    /** The service-account signing key: RSA, no certificate, created once. */
    static KeyPair ensureServiceKey(Path file) throws IOException {
        if (Files.exists(file)) {
            PrivateKey pk = readKey(file);
            return new KeyPair(Pem.publicKeyOf(pk), pk);
        }
        KeyPair kp = CertIssuer.newRsaKey();
        AtomicFiles.write(file, Pem.encodePrivateKey(kp.getPrivate()).getBytes(StandardCharsets.US_ASCII), KEY_MODE);
        LOG.info(() -> "created service-account signing key " + file.getFileName());
        return kp;
    }

    /** Reads a key and tightens its mode if someone loosened it (a copied backup, a umask 022 cp). */
    private static PrivateKey readKey(Path key) throws IOException {
        var perms = Files.getPosixFilePermissions(key);
        if (!perms.equals(AtomicFiles.permissions(KEY_MODE))) {
            Files.setPosixFilePermissions(key, AtomicFiles.permissions(KEY_MODE));
            LOG.warning(() -> "private key " + key + " had mode " + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                    + "; reset to rw-------");
        }
        return Pem.readPrivateKey(key);
    }

    /** A missing or unreadable leaf cert is simply issued again: it holds no secret. */
    private static Optional<X509Certificate> readLeafQuietly(Path crt) {
        if (!Files.exists(crt)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pem.readCertificate(crt));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ignoring unreadable certificate " + crt + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static boolean keyMatches(PublicKey a, PublicKey b) {
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    static String describe(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName(X500Principal.RFC2253) + ", expires " + cert.getNotAfter().toInstant();
    }
}
