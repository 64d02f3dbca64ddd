package io.k3j.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/** Client certificates for test users, signed by a data dir's client CA (CN = user, O = groups). */
public final class TestClientCerts {

    private TestClientCerts() {
    }

    /**
     * Issues (or loads, when {@code outDir} already holds it) a client certificate.
     *
     * @param tlsDir the server's {@code server/tls} directory, which holds client-ca.crt/.key
     * @param outDir where the user's .crt/.key go (0600 keys)
     */
    public static ClientCredential issue(Path tlsDir, Path outDir, String user, String... groups) throws IOException {
        CertificateAuthority ca = PkiFiles.ensureCa(tlsDir, "client-ca", "k3j-client-ca", Instant.now());
        String base = "user-" + user.replaceAll("[^A-Za-z0-9.-]", "_");
        return PkiFiles.ensureLeaf(outDir, LeafTemplate.client(base, user, groups), ca, Instant.now()).credential();
    }
}
