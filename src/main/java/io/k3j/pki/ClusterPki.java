package io.k3j.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The server's certificates under {@code <data-dir>/server/tls}, laid out like K3s: three self-signed
 * CAs (server, client, request-header), the API serving cert, client certs for the admin and each
 * internal component, and the service-account signing key.
 *
 * <p>{@link #ensure} is idempotent and cheap on a warm restart (it only reads and checks files); it
 * creates what is missing, renews leaves within {@link PkiFiles#RENEW_BEFORE} of expiry and re-issues
 * the serving cert when the requested SAN set changed — always keeping existing keys.
 */
public final class ClusterPki {

    private static final String NODES_GROUP = "system:nodes";

    private final PkiSpec spec;
    private final CertificateAuthority serverCa;
    private final CertificateAuthority clientCa;
    private final CertificateAuthority requestHeaderCa;
    private final PkiFiles.Leaf serving;
    private final PkiFiles.Leaf admin;
    private final Map<Component, PkiFiles.Leaf> components;
    private final Path serviceKeyFile;
    private final KeyPair serviceAccountKey;

    private ClusterPki(PkiSpec spec, CertificateAuthority serverCa, CertificateAuthority clientCa,
                       CertificateAuthority requestHeaderCa, PkiFiles.Leaf serving, PkiFiles.Leaf admin,
                       Map<Component, PkiFiles.Leaf> components, Path serviceKeyFile, KeyPair serviceAccountKey) {
        this.spec = spec;
        this.serverCa = serverCa;
        this.clientCa = clientCa;
        this.requestHeaderCa = requestHeaderCa;
        this.serving = serving;
        this.admin = admin;
        this.components = components;
        this.serviceKeyFile = serviceKeyFile;
        this.serviceAccountKey = serviceAccountKey;
    }

    /** Creates, loads, renews and re-issues as needed; logs one INFO line per file it (re)writes. */
    public static ClusterPki ensure(PkiSpec spec, Clock clock) throws IOException {
        Path dir = spec.tlsDir();
        AtomicFiles.createPrivateDirectories(dir, 0700);
        Instant now = clock.instant();
        Path serviceKeyFile = dir.resolve("service.key");
        // RSA 2048 generation is the slowest step of a first boot (100-500 ms); overlap it with the EC work.
        CompletableFuture<KeyPair> rsa = Files.exists(serviceKeyFile)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(CertIssuer::newRsaKey);
        CertificateAuthority serverCa = PkiFiles.ensureCa(dir, "server-ca", "k3j-server-ca", now);
        CertificateAuthority clientCa = PkiFiles.ensureCa(dir, "client-ca", "k3j-client-ca", now);
        CertificateAuthority requestHeaderCa = PkiFiles.ensureCa(dir, "request-header-ca", "k3j-request-header-ca", now);

        PkiFiles.Leaf serving = PkiFiles.ensureLeaf(dir,
                LeafTemplate.server("serving-kube-apiserver", "kube-apiserver", spec.servingSans()), serverCa, now);
        PkiFiles.Leaf admin = PkiFiles.ensureLeaf(dir,
                LeafTemplate.client("client-admin", "system:admin", "system:masters"), clientCa, now);
        Map<Component, PkiFiles.Leaf> components = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            components.put(c, PkiFiles.ensureLeaf(dir, c.template(spec.nodeName()), clientCa, now));
        }
        KeyPair serviceKey = PkiFiles.ensureServiceKey(serviceKeyFile, rsa.join());
        return new ClusterPki(spec, serverCa, clientCa, requestHeaderCa, serving, admin, components,
                serviceKeyFile, serviceKey);
    }

    /**
     * Loads or issues a further serving cert signed by the server CA, with the same rules as the API
     * serving cert (key kept, renewed within 120 days, re-issued on a SAN change). For the kubelet's
     * {@code serving-kubelet.crt} and similar listeners; the SANs are used exactly as given.
     *
     * @return the cert (leaf + CA) and key files and PEMs
     */
    public ClientCredential ensureServingCert(Path dir, String fileBase, String commonName, List<String> dnsSans,
                                              List<InetAddress> ipSans, Clock clock) throws IOException {
        AtomicFiles.createPrivateDirectories(dir, 0700);
        LeafTemplate t = LeafTemplate.server(fileBase, commonName, SanSet.of(dnsSans, ipSans));
        return PkiFiles.ensureLeaf(dir, t, serverCa, clock.instant()).credential();
    }

    /**
     * Loads or issues a kubelet client certificate for another node name ({@code system:node:<name>}, group
     * {@code system:nodes}, signed by the client CA), so simulated nodes each carry their own node identity for the
     * Node authorizer and NodeRestriction. Same renewal rules as every leaf.
     */
    public ClientCredential ensureNodeClientCert(Path dir, String nodeName, Clock clock) throws IOException {
        AtomicFiles.createPrivateDirectories(dir, 0700);
        LeafTemplate t = LeafTemplate.client("client-kubelet-" + nodeName, Component.KUBELET.commonName(nodeName),
                NODES_GROUP);
        return PkiFiles.ensureLeaf(dir, t, clientCa, clock.instant()).credential();
    }

    public PkiSpec spec() {
        return spec;
    }

    public Path serverCaFile() {
        return serverCa.certFile();
    }

    public Path clientCaFile() {
        return clientCa.certFile();
    }

    public Path requestHeaderCaFile() {
        return requestHeaderCa.certFile();
    }

    /** Leaf followed by the server CA, ready for a TLS server's key-cert option. */
    public Path servingCertFile() {
        return serving.certFile();
    }

    public Path servingKeyFile() {
        return serving.keyFile();
    }

    public X509Certificate serverCa() {
        return serverCa.cert();
    }

    public X509Certificate clientCa() {
        return clientCa.cert();
    }

    public X509Certificate requestHeaderCa() {
        return requestHeaderCa.cert();
    }

    /** The server CA exactly as stored, for {@code certificate-authority-data} and {@code /cacerts}. */
    public String serverCaPem() {
        return serverCa.certPem();
    }

    /** The serving leaf (not the chain), e.g. to report its SANs or expiry. */
    public X509Certificate servingCert() {
        return serving.cert();
    }

    /** CN {@code system:admin}, O {@code system:masters}. */
    public ClientCredential admin() {
        return admin.credential();
    }

    public ClientCredential component(Component c) {
        return components.get(c).credential();
    }

    /** The CAs with their keys, for signing certs at run time (e.g. kubelet serving certs for agents). */
    public CertificateAuthority serverCaAuthority() {
        return serverCa;
    }

    public CertificateAuthority clientCaAuthority() {
        return clientCa;
    }

    public CertificateAuthority requestHeaderCaAuthority() {
        return requestHeaderCa;
    }

    /** RSA 2048; the API server signs service-account tokens with the private half. */
    public KeyPair serviceAccountKey() {
        return serviceAccountKey;
    }

    public Path serviceAccountKeyFile() {
        return serviceKeyFile;
    }

    /** PEM of the service-account verification key ({@code PUBLIC KEY}), e.g. for the OIDC JWKS. */
    public String serviceAccountPublicKeyPem() {
        return Pem.encodePublicKey(serviceAccountKey.getPublic());
    }
}
