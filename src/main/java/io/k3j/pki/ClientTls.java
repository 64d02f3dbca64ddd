package io.k3j.pki;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.io.IOException;

/** An SSLContext for a client of the API server: a PEM client certificate (optional) and the CA to trust. */
public final class ClientTls {

    private ClientTls() {
    }

    /**
     * @param certFile client certificate chain (PEM), or null for no client certificate
     * @param keyFile  its private key (PEM), or null
     * @param caFile   the CA bundle that signed the server's certificate
     */
    public static SSLContext context(Path certFile, Path keyFile, Path caFile) throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (certFile != null) {
            kmf = PemKeyManagers.load(certFile, keyFile);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate ca : Pem.readCertificates(caFile)) {
            trust.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
