package io.k3j.pki;

import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * A TLS key manager for a certificate chain and private key read from PEM files.
 *
 * <p>The JDK's key managers read keys from a {@link KeyStore}, and a PKCS12 store encrypts every key it holds with
 * PBKDF2 at 10,000 iterations, once when the key goes in and again when the key manager takes it out. For a store
 * that only ever lives in memory that protects nothing, and it is not cheap: Vert.x's {@code PemKeyCertOptions}
 * spent 100-150 ms of CPU per certificate here (over 250 ms before the JIT warms up), for the API server and for
 * every API client (each controller, each hollow node). This store protects its one key with a single iteration.
 */
public final class PemKeyManagers {

    private static final char[] PASSWORD = "in-memory".toCharArray();
    /** One PBKDF2 iteration: the store never leaves the process, so a key derivation would only cost time. */
    private static final KeyStore.ProtectionParameter IN_MEMORY = new KeyStore.PasswordProtection(PASSWORD,
            "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(new byte[16], 1));

    private PemKeyManagers() {
    }

    /**
     * @param certFile the certificate chain (PEM), leaf first
     * @param keyFile  its private key (PEM: PKCS#8, PKCS#1 or SEC1)
     */
    public static KeyManagerFactory load(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry("key", new KeyStore.PrivateKeyEntry(Pem.readPrivateKey(keyFile),
                Pem.readCertificates(certFile).toArray(Certificate[]::new)), IN_MEMORY);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        return factory;
    }
}
