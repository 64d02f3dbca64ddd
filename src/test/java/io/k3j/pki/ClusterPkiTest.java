package io.k3j.pki;

import static io.k3j.pki.PkiTestSupport.T0;
import static io.k3j.pki.PkiTestSupport.clockAt;
import static io.k3j.pki.PkiTestSupport.clockPlus;
import static io.k3j.pki.PkiTestSupport.ip;
import static io.k3j.pki.PkiTestSupport.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final List<String> ALL_FILES = List.of(
            "server-ca", "client-ca", "request-header-ca", "serving-kube-apiserver", "client-admin",
            "client-controller", "client-scheduler", "client-kube-proxy", "client-k3j-controller",
            "client-kube-apiserver", "client-kubelet");

    @TempDir
    Path tmp;
    Path tls;
    private final List<LogRecord> logs = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp() {
        tls = tmp.resolve("server/tls");
        Logger.getLogger(ClusterPki.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(ClusterPki.class.getName()).removeHandler(capture);
    }

    @Test
    void createsEveryFileWithK3sNames() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        for (String base : ALL_FILES) {
            assertThat(tls.resolve(base + ".crt")).isRegularFile();
            assertThat(tls.resolve(base + ".key")).isRegularFile();
        }
        assertThat(tls.resolve("service.key")).isRegularFile();
        assertThat(tls.resolve("service.crt")).doesNotExist();
    }

    @Test
    void privateKeysAreOwnerOnly() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        try (Stream<Path> files = Files.list(tls)) {
            List<Path> keys = files.filter(p -> p.toString().endsWith(".key")).toList();
            assertThat(keys).hasSize(ALL_FILES.size() + 1);
            for (Path key : keys) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                        .as(key.toString()).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void servingCertHasExactlyTheRequestedSans() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        X509Certificate serving = Pem.readCertificate(pki.servingCertFile());
        assertThat(dnsSans(serving)).containsExactlyInAnyOrder("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "node1.example.com",
                "api.example.com");
        assertThat(ipSans(serving)).containsExactlyInAnyOrder(
                ip("127.0.0.1"), ip("::1"), ip("10.43.0.1"), ip("192.168.1.10"));
        assertThat(serving.getSubjectX500Principal().getName()).isEqualTo("CN=kube-apiserver");
    }

    @Test
    void ipLiteralGivenAsDnsSanBecomesAnIpSan() throws Exception {
        PkiSpec s = new PkiSpec(tls, "k3j.test", ip("10.96.0.1"), List.of("10.0.0.5", " API.Example.com ", ""),
                List.of(), "n");
        X509Certificate serving = ClusterPki.ensure(s, clockAt(T0)).servingCert();
        assertThat(ipSans(serving)).contains(ip("10.0.0.5"), ip("10.96.0.1")).doesNotContain(ip("10.43.0.1"));
        assertThat(dnsSans(serving)).contains("api.example.com", "kubernetes.default.svc.k3j.test")
                .doesNotContain("10.0.0.5", "");
    }

    @Test
    void caCertificatesAreSelfSignedTenYearCas() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        for (X509Certificate ca : List.of(pki.serverCa(), pki.clientCa(), pki.requestHeaderCa())) {
            ca.verify(ca.getPublicKey());
            assertThat(ca.getBasicConstraints()).as("CA:true").isGreaterThanOrEqualTo(0);
            assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
            assertThat(keyUsage(ca)).containsExactlyInAnyOrder("keyCertSign", "cRLSign");
            assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
            assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
            assertThat(Duration.between(T0, ca.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(3650));
            assertThat(ca.getNotBefore().toInstant()).isBefore(T0);
            assertThat(ca.getExtensionValue("2.5.29.14")).as("subject key id").isNotNull();
        }
        assertThat(pki.serverCa().getSubjectX500Principal().getName()).startsWith("CN=k3j-server-ca@");
        assertThat(pki.clientCa().getSubjectX500Principal()).isNotEqualTo(pki.serverCa().getSubjectX500Principal());
    }

    @Test
    void servingCertUsagesAndChain() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        X509Certificate serving = pki.servingCert();
        assertLeaf(serving, SERVER_AUTH);
        assertChains(serving, pki.serverCa());
        assertThat(PkiFiles.signedBy(serving, pki.clientCa())).isFalse();
        // The file carries the CA after the leaf so TLS clients get the full chain.
        assertThat(Pem.readCertificates(pki.servingCertFile())).containsExactly(serving, pki.serverCa());
        assertThat(Duration.between(T0, serving.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void clientCertsHaveTheK3sIdentitiesAndChainToTheClientCa() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        Map<String, String> subjects = new HashMap<>();
        X509Certificate admin = Pem.readCertificate(pki.admin().certFile());
        subjects.put("admin", admin.getSubjectX500Principal().getName());
        assertLeaf(admin, CLIENT_AUTH);
        assertChains(admin, pki.clientCa());
        for (Component c : Component.values()) {
            X509Certificate cert = Pem.readCertificate(pki.component(c).certFile());
            assertLeaf(cert, CLIENT_AUTH);
            assertChains(cert, pki.clientCa());
            assertThat(PkiFiles.signedBy(cert, pki.serverCa())).isFalse();
            subjects.put(c.name(), cert.getSubjectX500Principal().getName());
        }
        assertThat(subjects).containsOnly(
                Map.entry("admin", "CN=system:admin,O=system:masters"),
                Map.entry("CONTROLLER", "CN=system:kube-controller-manager"),
                Map.entry("SCHEDULER", "CN=system:kube-scheduler"),
                Map.entry("KUBE_PROXY", "CN=system:kube-proxy"),
                Map.entry("K3J_CONTROLLER", "CN=system:k3j-controller"),
                Map.entry("APISERVER", "CN=system:apiserver,O=system:masters"),
                Map.entry("KUBELET", "CN=system:node:node1,O=system:nodes"));
        assertThat(pki.component(Component.KUBELET).certFile().getFileName().toString()).isEqualTo("client-kubelet.crt");
    }

    @Test
    void credentialPemsMatchFilesAndKeyBelongsToCert() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        ClientCredential admin = pki.admin();
        assertThat(admin.certPem()).isEqualTo(Files.readString(admin.certFile()));
        assertThat(admin.keyPem()).isEqualTo(Files.readString(admin.keyFile()));
        assertThat(admin.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(admin.toString()).doesNotContain("PRIVATE");
        X509Certificate cert = Pem.parseCertificates(admin.certPem()).getFirst();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(Pem.parsePrivateKey(admin.keyPem()));
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(cert);
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void serviceAccountKeyIsRsa2048WithPublicHalf() throws Exception {
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        KeyPair kp = pki.serviceAccountKey();
        assertThat(((RSAPublicKey) kp.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(Files.readString(pki.serviceAccountKeyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(pki.serviceAccountPublicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        KeyPair again = ClusterPki.ensure(spec(tls), clockAt(T0)).serviceAccountKey();
        assertThat(again.getPublic().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        assertThat(again.getPrivate().getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    }

    @Test
    void restartReusesEveryFileByteForByteAndLogsNothing() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        Map<String, byte[]> before = snapshot();
        logs.clear();
        ClusterPki again = ClusterPki.ensure(spec(tls), clockPlus(Duration.ofDays(30)));
        Map<String, byte[]> after = snapshot();
        assertThat(after).containsOnlyKeys(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        assertThat(logs).isEmpty();
        assertThat(again.serverCa().getSerialNumber()).isEqualTo(Pem.readCertificate(tls.resolve("server-ca.crt")).getSerialNumber());
    }

    @Test
    void firstStartLogsOneInfoLinePerCreatedFile() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        assertThat(logs).allMatch(r -> r.getLevel() == Level.INFO);
        assertThat(logs).hasSize(ALL_FILES.size() + 1);
        assertThat(logs).noneMatch(r -> r.getMessage().contains("PRIVATE"));
    }

    @Test
    void leavesAreRenewedWithin120DaysKeepingKeysButCasAreNot() throws Exception {
        ClusterPki first = ClusterPki.ensure(spec(tls), clockAt(T0));
        Map<String, byte[]> before = snapshot();
        // 365 - 120 = 245: one day short of the window nothing changes, one day inside it every leaf renews.
        ClusterPki.ensure(spec(tls), clockPlus(Duration.ofDays(244)));
        assertThat(snapshot().get("client-admin.crt")).isEqualTo(before.get("client-admin.crt"));
        logs.clear();
        ClusterPki renewed = ClusterPki.ensure(spec(tls), clockPlus(Duration.ofDays(246)));

        assertThat(logs).hasSize(ALL_FILES.size() - 3).allMatch(r -> r.getMessage().startsWith("renewed"));
        X509Certificate oldServing = first.servingCert();
        X509Certificate newServing = renewed.servingCert();
        assertThat(newServing.getSerialNumber()).isNotEqualTo(oldServing.getSerialNumber());
        assertThat(newServing.getPublicKey()).isEqualTo(oldServing.getPublicKey());
        assertThat(newServing.getNotAfter().toInstant()).isEqualTo(T0.plus(Duration.ofDays(246 + 365)));
        assertChains(newServing, renewed.serverCa());
        Map<String, byte[]> after = snapshot();
        for (String name : before.keySet()) {
            if (name.endsWith(".key") || name.contains("-ca.")) {
                assertThat(after.get(name)).as(name + " kept").isEqualTo(before.get(name));
            } else {
                assertThat(after.get(name)).as(name + " renewed").isNotEqualTo(before.get(name));
            }
        }
    }

    @Test
    void expiredLeafIsRenewed() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        ClusterPki later = ClusterPki.ensure(spec(tls), clockPlus(Duration.ofDays(400)));
        assertThat(later.servingCert().getNotAfter().toInstant()).isAfter(T0.plus(Duration.ofDays(400)));
    }

    @Test
    void newSanReissuesServingCertOnlyAndKeepsItsKey() throws Exception {
        ClusterPki first = ClusterPki.ensure(spec(tls), clockAt(T0));
        Map<String, byte[]> before = snapshot();
        PkiSpec wider = new PkiSpec(tls, "cluster.local", ip("10.43.0.1"),
                List.of("node1.example.com", "api.example.com", "new.example.com"),
                List.of(ip("192.168.1.10"), ip("fd00::10")), "node1");
        logs.clear();
        ClusterPki second = ClusterPki.ensure(wider, clockPlus(Duration.ofDays(1)));

        assertThat(logs).singleElement().satisfies(r -> assertThat(r.getMessage()).contains("SANs changed"));
        assertThat(dnsSans(second.servingCert())).contains("new.example.com");
        assertThat(ipSans(second.servingCert())).contains(ip("fd00::10"));
        assertThat(second.servingCert().getPublicKey()).isEqualTo(first.servingCert().getPublicKey());
        Map<String, byte[]> after = snapshot();
        before.forEach((name, bytes) -> {
            if (!name.equals("serving-kube-apiserver.crt")) {
                assertThat(after.get(name)).as(name).isEqualTo(bytes);
            }
        });
        // Same set in another order and case is not a change.
        PkiSpec reordered = new PkiSpec(tls, "cluster.local", ip("10.43.0.1"),
                List.of("NEW.example.com", "api.example.com", "node1.example.com"),
                List.of(ip("fd00::10"), ip("192.168.1.10")), "node1");
        logs.clear();
        ClusterPki.ensure(reordered, clockPlus(Duration.ofDays(2)));
        assertThat(logs).isEmpty();
    }

    @Test
    void removedSanAlsoReissues() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        PkiSpec narrower = new PkiSpec(tls, "cluster.local", ip("10.43.0.1"), List.of("node1.example.com"),
                List.of(ip("192.168.1.10")), "node1");
        X509Certificate serving = ClusterPki.ensure(narrower, clockAt(T0)).servingCert();
        assertThat(dnsSans(serving)).doesNotContain("api.example.com");
    }

    @Test
    void nodeRenameReissuesKubeletClientCert() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        PkiSpec renamed = new PkiSpec(tls, "cluster.local", ip("10.43.0.1"),
                List.of("node1.example.com", "api.example.com"), List.of(ip("192.168.1.10")), "node2");
        ClusterPki pki = ClusterPki.ensure(renamed, clockAt(T0));
        assertThat(Pem.readCertificate(pki.component(Component.KUBELET).certFile()).getSubjectX500Principal().getName())
                .isEqualTo("CN=system:node:node2,O=system:nodes");
    }

    @Test
    void lostLeafCertIsReissuedWithTheExistingKey() throws Exception {
        ClusterPki first = ClusterPki.ensure(spec(tls), clockAt(T0));
        byte[] key = Files.readAllBytes(first.admin().keyFile());
        X509Certificate old = Pem.readCertificate(first.admin().certFile());
        Files.delete(first.admin().certFile());
        ClusterPki second = ClusterPki.ensure(spec(tls), clockAt(T0));
        assertThat(Files.readAllBytes(second.admin().keyFile())).isEqualTo(key);
        assertThat(Pem.readCertificate(second.admin().certFile()).getPublicKey()).isEqualTo(old.getPublicKey());
    }

    @Test
    void leafSignedByAnotherCaIsReissued() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        Path other = tmp.resolve("other/tls");
        ClusterPki foreign = ClusterPki.ensure(spec(other), clockAt(T0));
        Files.copy(foreign.servingCertFile(), tls.resolve("serving-kube-apiserver.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(foreign.servingKeyFile(), tls.resolve("serving-kube-apiserver.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        assertChains(pki.servingCert(), pki.serverCa());
        assertThat(pki.servingCert().getPublicKey()).isEqualTo(foreign.servingCert().getPublicKey());
    }

    @Test
    void prePlacedK3sStyleCustomCaIsUsed() throws Exception {
        KeyPair caKey = CertIssuer.newEcKey();
        X509Certificate custom = CertIssuer.selfSignedCa(caKey, "my-org-root", T0);
        Files.createDirectories(tls);
        Files.writeString(tls.resolve("server-ca.crt"), Pem.encode(custom));
        Files.writeString(tls.resolve("server-ca.key"), PemTest.traditional(caKey));
        Files.setPosixFilePermissions(tls.resolve("server-ca.key"), PosixFilePermissions.fromString("rw-------"));

        ClusterPki pki = ClusterPki.ensure(spec(tls), clockAt(T0));
        assertThat(pki.serverCa()).isEqualTo(custom);
        assertChains(pki.servingCert(), custom);
        assertThat(Files.readString(tls.resolve("server-ca.key"))).contains("EC PRIVATE KEY");
    }

    @Test
    void halfPresentCaIsAnErrorNotASilentNewCa() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        Files.delete(tls.resolve("client-ca.key"));
        assertThatThrownBy(() -> ClusterPki.ensure(spec(tls), clockAt(T0)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("client-ca.key");
    }

    @Test
    void caKeyNotMatchingCertIsAnError() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        Files.copy(tls.resolve("client-ca.key"), tls.resolve("server-ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> ClusterPki.ensure(spec(tls), clockAt(T0)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("server-ca.key does not belong");
    }

    @Test
    void looseKeyModeIsTightened() throws Exception {
        ClusterPki.ensure(spec(tls), clockAt(T0));
        Path key = tls.resolve("client-admin.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterPki.ensure(spec(tls), clockAt(T0));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (Stream<Path> files = Files.list(tls)) {
            for (Path p : files.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    static void assertLeaf(X509Certificate cert, String eku) throws Exception {
        assertThat(cert.getBasicConstraints()).as("CA:false").isEqualTo(-1);
        assertThat(keyUsage(cert)).containsExactlyInAnyOrder("digitalSignature", "keyEncipherment");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(eku);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getExtensionValue("2.5.29.14")).as("subject key id").isNotNull();
        assertThat(cert.getExtensionValue("2.5.29.35")).as("authority key id").isNotNull();
    }

    /** PKIX validation (signature, validity at T0+1d, CA constraints, key usage) against the CA as anchor. */
    static void assertChains(X509Certificate leaf, X509Certificate ca) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(leaf.getNotBefore().toInstant().plus(Duration.ofDays(2))));
        CertPathValidator.getInstance("PKIX").validate(path, params);
        // AKI of the leaf equals SKI of the CA.
        assertThat(java.util.Arrays.copyOfRange(leaf.getExtensionValue("2.5.29.35"), 6, 26))
                .isEqualTo(java.util.Arrays.copyOfRange(ca.getExtensionValue("2.5.29.14"), 4, 24));
    }

    static List<String> keyUsage(X509Certificate cert) {
        String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
            "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
        boolean[] bits = cert.getKeyUsage();
        List<String> out = new ArrayList<>();
        for (int i = 0; bits != null && i < bits.length; i++) {
            if (bits[i]) {
                out.add(names[i]);
            }
        }
        return out;
    }

    static List<String> dnsSans(X509Certificate cert) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<?> e : cert.getSubjectAlternativeNames()) {
            if ((Integer) e.get(0) == 2) {
                out.add((String) e.get(1));
            }
        }
        return out;
    }

    static List<java.net.InetAddress> ipSans(X509Certificate cert) throws Exception {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (List<?> e : cert.getSubjectAlternativeNames()) {
            if ((Integer) e.get(0) == 7) {
                out.add(ip((String) e.get(1)));
            }
        }
        return out;
    }
}
