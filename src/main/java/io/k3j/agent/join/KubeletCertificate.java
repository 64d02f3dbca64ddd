package io.k3j.agent.join;

import io.k3j.pki.AtomicFiles;
import io.k3j.pki.Pem;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kubelet client certificate on disk ({@code client-kubelet.crt}/{@code .key}): whether the saved one can be used
 * again, and saving a new one from the server's answer (the certificate chain, then the key, PEM).
 */
final class KubeletCertificate {

    /** K3s renews leaf certificates within 120 days of expiry; short-lived ones in their last third. */
    private static final Duration RENEW_WITHIN = Duration.ofDays(120);
    private static final Pattern KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    private KubeletCertificate() {
    }

    /**
     * Whether the saved certificate is this node's ({@code CN=system:node:<node>}), matches the saved key, and is
     * valid long enough; anything unreadable counts as not reusable (a new one is fetched).
     */
    static boolean reusable(AgentFiles files, String node, Instant now) {
        if (!Files.isRegularFile(files.kubeletCert()) || !Files.isRegularFile(files.kubeletKey())) {
            return false;
        }
        try {
            X509Certificate cert = Pem.readCertificates(files.kubeletCert()).getFirst();
            KeyPair key = Pem.readKeyPair(files.kubeletKey());
            if (!cert.getPublicKey().equals(key.getPublic()) || !("system:node:" + node).equals(commonName(cert))) {
                return false;
            }
            Instant notBefore = cert.getNotBefore().toInstant();
            Instant notAfter = cert.getNotAfter().toInstant();
            Duration lifetime = Duration.between(notBefore, notAfter);
            Duration margin = lifetime.dividedBy(3).compareTo(RENEW_WITHIN) < 0 ? lifetime.dividedBy(3) : RENEW_WITHIN;
            return !now.isBefore(notBefore) && now.plus(margin).isBefore(notAfter);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Saves the server's answer: the key first, so a certificate on disk never lacks its key. */
    static void save(AgentFiles files, String answer) throws IOException {
        Matcher m = KEY.matcher(answer);
        if (!m.find() || m.start() == 0) {
            throw new IOException("the server's answer is not a certificate chain followed by a private key");
        }
        String chain = answer.substring(0, m.start());
        String key = answer.substring(m.start());
        Pem.parseCertificates(chain); // fails on garbage before anything is written
        Pem.parseKeyPair(key);
        AtomicFiles.write(files.kubeletKey(), key.getBytes(StandardCharsets.US_ASCII), 0600);
        AtomicFiles.write(files.kubeletCert(), chain.getBytes(StandardCharsets.US_ASCII), 0600);
    }

    static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            for (Rdn rdn : rdns) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }
}
