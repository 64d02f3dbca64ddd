package io.k3j.pki;

import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A certificate and key in PEM files as Vert.x key options: in place of Vert.x's {@code PemKeyCertOptions}, whose
 * key store costs a PBKDF2 derivation per load (see {@link PemKeyManagers}). Vert.x reads the files when it builds
 * the TLS context, on a worker thread, as it does with its own options.
 *
 * @param certFile the certificate chain (PEM), leaf first
 * @param keyFile  its private key (PEM)
 */
public record PemKeyCert(Path certFile, Path keyFile) implements KeyCertOptions {

    @Override
    public KeyCertOptions copy() {
        return this; // immutable
    }

    @Override
    public KeyManagerFactory getKeyManagerFactory(Vertx vertx) throws Exception {
        return PemKeyManagers.load(certFile, keyFile);
    }

    /** No per-server-name certificates (SNI): one certificate serves every name. */
    @Override
    public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
        return serverName -> null;
    }
}
