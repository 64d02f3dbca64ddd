package io.k3j.auth;

import io.vertx.core.Vertx;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.Provider;
import java.util.function.Function;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS-level trust for client certificates: advertise the CAs we accept (so clients such as
 * kubectl pick a matching certificate) but let every certificate through the handshake; the
 * {@link X509Authenticator} verifies it per request and answers 401. The API server has no
 * outgoing connections through this manager, so server checks are refused.
 */
public final class ClientCertTrust implements X509TrustManager {

    private final X509Certificate[] acceptedIssuers;

    public ClientCertTrust(List<X509Certificate> acceptedIssuers) {
        this.acceptedIssuers = acceptedIssuers.toArray(X509Certificate[]::new);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Deliberately empty: verification happens in X509Authenticator, per request.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws java.security.cert.CertificateException {
        throw new java.security.cert.CertificateException("not a client trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.clone();
    }

    /**
     * This manager as Vert.x trust options. (Vert.x's own TrustOptions.wrap needs SLF4J on the
     * class path; this small adapter avoids a logging dependency for one call.)
     */
    public TrustOptions asTrustOptions() {
        ClientCertTrust self = this;
        return new TrustOptions() {
            @Override
            public TrustOptions copy() {
                return this;
            }

            @Override
            public TrustManagerFactory getTrustManagerFactory(Vertx vertx) {
                return new TrustManagerFactory(new TrustManagerFactorySpi() {
                    @Override
                    protected void engineInit(KeyStore ks) {
                    }

                    @Override
                    protected void engineInit(ManagerFactoryParameters spec) {
                    }

                    @Override
                    protected TrustManager[] engineGetTrustManagers() {
                        return new TrustManager[]{self};
                    }
                }, PROVIDER, "k3j-client-cert") {
                };
            }

            @Override
            public Function<String, TrustManager[]> trustManagerMapper(Vertx vertx) {
                return serverName -> new TrustManager[]{self};
            }
        };
    }

    private static final Provider PROVIDER = new Provider("k3j", "1.0", "k3j client certificate trust") {
    };
}
