package io.k3j.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A K3s join token. Secure form: {@code K10<sha256 of the CA bundle>::<username>:<password>}, which lets
 * a joining node pin the server CA; short form: just the password, which trusts the CA blindly.
 *
 * @param caHash   64 lowercase hex chars, or empty for the short form
 * @param username {@code server} or {@code node}; empty when the token did not name one
 */
public record ClusterToken(String caHash, String username, String password) {

    private static final String PREFIX = "K10";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]*");

    public ClusterToken {
        if (caHash == null || !(caHash.isEmpty() || HASH.matcher(caHash).matches())) {
            throw new IllegalArgumentException("token CA hash must be 64 lowercase hex characters or empty");
        }
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("token username may only contain letters, digits, '.', '_' and '-'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("token password must not be empty");
        }
        if (password.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
            throw new IllegalArgumentException("token must not contain whitespace or control characters");
        }
    }

    /**
     * Parses the secure or the short form. Messages never echo the text: it is a secret.
     *
     * @throws IllegalArgumentException if the text is neither form
     */
    public static ClusterToken parse(String text) {
        if (text == null || text.strip().isEmpty()) {
            throw new IllegalArgumentException("token is empty");
        }
        String t = text.strip();
        if (!t.startsWith(PREFIX) || !t.contains("::")) {
            return credentials("", t);
        }
        int sep = t.indexOf("::");
        String hash = t.substring(PREFIX.length(), sep).toLowerCase(Locale.ROOT);
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("token starts with K10 but the CA hash is not 64 hex characters");
        }
        String creds = t.substring(sep + 2);
        if (creds.isEmpty()) {
            throw new IllegalArgumentException("token has a CA hash but no credentials after '::'");
        }
        return credentials(hash, creds);
    }

    /** {@code user:password}, or a bare password (a leading part that cannot be a user name stays in it), (also a kubeadm-style bootstrap token {@code abcdef.0123…}). */
    private static ClusterToken credentials(String hash, String creds) {
        int colon = creds.indexOf(':');
        if (colon < 0 || !USERNAME.matcher(creds.substring(0, colon)).matches()) {
            return new ClusterToken(hash, "", creds);
        }
        return new ClusterToken(hash, creds.substring(0, colon), creds.substring(colon + 1));
    }

    public boolean isSecure() {
        return !caHash.isEmpty();
    }

    public ClusterToken withCaHash(String hash) {
        return new ClusterToken(hash, username, password);
    }

    public ClusterToken withUsername(String user) {
        return new ClusterToken(caHash, user, password);
    }

    /** The K10 form (or the bare credentials when there is no hash). Only for writing token files. */
    @Override
    public String toString() {
        String creds = username.isEmpty() ? password : username + ":" + password;
        return caHash.isEmpty() ? creds : PREFIX + caHash + "::" + creds;
    }

    /**
     * The K3s CA hash: SHA-256 of the file bytes when the bundle holds one cert; with several certs,
     * SHA-256 of the DER of the root the first cert chains to (so intermediates can rotate under one root).
     */
    public static String caHash(Path caBundleFile) throws IOException {
        byte[] bytes = Files.readAllBytes(caBundleFile);
        List<X509Certificate> certs = Pem.readCertificates(caBundleFile);
        if (certs.size() == 1) {
            return sha256Hex(bytes);
        }
        try {
            return sha256Hex(root(certs).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException(caBundleFile + ": cannot encode root certificate", e);
        }
    }

    private static X509Certificate root(List<X509Certificate> certs) throws IOException {
        X509Certificate current = certs.getFirst();
        for (int depth = 0; depth <= certs.size(); depth++) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : certs) {
                if (PkiFiles.signedBy(current, candidate)) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                throw new IOException("CA bundle does not contain the issuer of " + current.getSubjectX500Principal());
            }
            if (issuer.equals(current)) {
                return current;
            }
            current = issuer;
        }
        throw new IOException("CA bundle chain does not end in a self-signed root");
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
