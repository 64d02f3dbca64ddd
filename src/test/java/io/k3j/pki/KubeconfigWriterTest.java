package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubeconfigWriterTest {

    @TempDir
    Path dir;
    ClusterPki pki;

    @BeforeEach
    void setUp() throws Exception {
        pki = ClusterPki.ensure(PkiTestSupport.spec(dir.resolve("server/tls")), PkiTestSupport.clockAt(PkiTestSupport.T0));
    }

    @Test
    void writesParsableKubeconfigWithEmbeddedPems() throws Exception {
        Path file = dir.resolve("etc/rancher/k3j/k3j.yaml");
        KubeconfigWriter.write(file, 0600, "https://127.0.0.1:6443", pki.serverCaPem(), pki.admin());

        JsonNode root = new YAMLMapper().readTree(file.toFile());
        assertThat(root.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(root.path("kind").asText()).isEqualTo("Config");
        assertThat(root.path("current-context").asText()).isEqualTo("default");
        JsonNode cluster = root.path("clusters").get(0);
        assertThat(cluster.path("name").asText()).isEqualTo("default");
        assertThat(cluster.path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6443");
        assertThat(decode(cluster.path("cluster").path("certificate-authority-data")))
                .isEqualTo(Files.readString(pki.serverCaFile()));
        JsonNode ctx = root.path("contexts").get(0);
        assertThat(ctx.path("name").asText()).isEqualTo("default");
        assertThat(ctx.path("context").path("cluster").asText()).isEqualTo("default");
        assertThat(ctx.path("context").path("user").asText()).isEqualTo("default");
        JsonNode user = root.path("users").get(0);
        assertThat(user.path("name").asText()).isEqualTo("default");
        String certPem = decode(user.path("user").path("client-certificate-data"));
        String keyPem = decode(user.path("user").path("client-key-data"));
        assertThat(certPem).isEqualTo(Files.readString(pki.admin().certFile()));
        // the same key as the file, but in K3s's SEC1 form (fabric8's client cannot read PKCS#8 EC keys)
        assertThat(keyPem).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(((java.security.interfaces.ECPrivateKey) Pem.parsePrivateKey(keyPem)).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) Pem.readPrivateKey(pki.admin().keyFile())).getS());
        assertThat(Pem.parseCertificates(certPem).getFirst().getSubjectX500Principal().getName())
                .isEqualTo("CN=system:admin,O=system:masters");
        assertThat(Pem.publicKeyOf(Pem.parsePrivateKey(keyPem)))
                .isEqualTo(Pem.parseCertificates(certPem).getFirst().getPublicKey());
    }

    @Test
    void honoursRequestedModeAndLeavesNoTempFiles() throws Exception {
        Path file = dir.resolve("out/k3j.yaml");
        KubeconfigWriter.write(file, 0644, "https://10.0.0.1:6443", pki.serverCaPem(), pki.admin());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
        KubeconfigWriter.write(file, 0600, "https://10.0.0.1:6443", pki.serverCaPem(), pki.admin());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KubeconfigWriter.write(file, 0600, "https://10.0.0.2:6443", pki.serverCaPem(), pki.admin());
        assertThat(Files.readString(file)).contains("https://10.0.0.2:6443");
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("k3j.yaml");
        }
    }

    @Test
    void writesComponentKubeconfigsWithTheirIdentities() throws Exception {
        Path cred = dir.resolve("server/cred");
        KubeconfigWriter.writeComponentKubeconfigs(cred, pki, 6444);
        assertThat(identity(cred.resolve("admin.kubeconfig"))).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(identity(cred.resolve("controller.kubeconfig"))).isEqualTo("CN=system:kube-controller-manager");
        assertThat(identity(cred.resolve("scheduler.kubeconfig"))).isEqualTo("CN=system:kube-scheduler");
        assertThat(identity(cred.resolve("k3j-controller.kubeconfig"))).isEqualTo("CN=system:k3j-controller");
        assertThat(identity(cred.resolve("api-server.kubeconfig"))).isEqualTo("CN=system:apiserver,O=system:masters");
        assertThat(identity(cred.resolve("kube-proxy.kubeconfig"))).isEqualTo("CN=system:kube-proxy");
        JsonNode root = new YAMLMapper().readTree(cred.resolve("scheduler.kubeconfig").toFile());
        assertThat(root.path("clusters").get(0).path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6444");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cred.resolve("admin.kubeconfig"))))
                .isEqualTo("rw-------");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:6443", "https://[::1]:6443", "https://api.example.com:443/prefix",
        "https://host:6443/a b", "weird: value # not a comment", "yes", "null", "\"quoted\" \\ back", "tab\there", "ünï"})
    void serverUrlRoundTripsThroughAYamlParser(String url) throws Exception {
        Path file = dir.resolve("q.yaml");
        KubeconfigWriter.write(file, 0600, url, pki.serverCaPem(), pki.admin());
        JsonNode server = new YAMLMapper().readTree(file.toFile()).path("clusters").get(0).path("cluster").path("server");
        assertThat(server.isTextual()).isTrue();
        assertThat(server.asText()).isEqualTo(url);
    }

    @Test
    void plainUrlsStayUnquotedLikeK3s() throws Exception {
        String yaml = KubeconfigWriter.render("https://127.0.0.1:6443", "ca", pki.admin());
        assertThat(yaml).contains("    server: https://127.0.0.1:6443\n").startsWith("apiVersion: v1\n");
    }

    private static String identity(Path kubeconfig) throws Exception {
        JsonNode root = new YAMLMapper().readTree(kubeconfig.toFile());
        String pem = decode(root.path("users").get(0).path("user").path("client-certificate-data"));
        return Pem.parseCertificates(pem).getFirst().getSubjectX500Principal().getName();
    }

    private static String decode(JsonNode node) {
        assertThat(node.isTextual()).as("base64 string field").isTrue();
        return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.US_ASCII);
    }
}
