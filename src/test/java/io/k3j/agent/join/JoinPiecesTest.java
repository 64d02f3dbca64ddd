package io.k3j.agent.join;

import io.k3j.config.NodeTaint;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.ClusterToken;
import io.k3j.pki.Pem;
import io.k3j.pki.csr.CsrSigner;
import io.k3j.pki.csr.LocalCsr;
import io.k3j.pki.csr.TestCsrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinPiecesTest {

    @TempDir
    Path dir;

    @Test
    void caIsPinnedByTheTokensHash() throws Exception {
        CertificateAuthority ca = TestCsrs.ca("pin-ca", Duration.ofDays(10));
        byte[] bundle = ca.certPem().getBytes(StandardCharsets.US_ASCII);
        String hash = ClusterToken.caHash(bundle);
        assertThat(CaPinning.check(new ClusterToken(hash, "node", "pw"), bundle, "https://s:6443")).isTrue();
        // A short token pins nothing: the caller warns.
        assertThat(CaPinning.check(ClusterToken.parse("pw"), bundle, "https://s:6443")).isFalse();
        String other = "0".repeat(64);
        assertThatThrownBy(() -> CaPinning.check(new ClusterToken(other, "node", "pw"), bundle, "https://s:6443"))
                .isInstanceOf(JoinException.class)
                .hasMessage("the token's CA hash does not match the server's CA certificate (token " + other + ", server "
                        + hash + "): the token is for another cluster, or something else answers at https://s:6443");
        assertThatThrownBy(() -> CaPinning.check(new ClusterToken(hash, "node", "pw"), "<html>".getBytes(), "https://s:6443"))
                .isInstanceOf(JoinException.class).hasMessageStartingWith("https://s:6443/cacerts did not answer with a CA");
    }

    @Test
    void nodePasswordIsMadeOnceWithMode0600() throws Exception {
        Path file = dir.resolve("agent/node-password");
        String first = NodePassword.ensure(file);
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(NodePassword.ensure(file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void savedCertificateIsReusedOnlyForItsNodeAndWhileValid() throws Exception {
        AgentFiles files = new AgentFiles(dir);
        CertificateAuthority ca = TestCsrs.ca("client-ca", Duration.ofDays(3650));
        assertThat(KubeletCertificate.reusable(files, "n1", Instant.now())).isFalse();

        KubeletCertificate.save(files, answer(ca, "system:node:n1", Duration.ofDays(365)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.kubeletKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.kubeletCert()))).isEqualTo("rw-------");
        assertThat(KubeletCertificate.commonName(Pem.readCertificate(files.kubeletCert()))).isEqualTo("system:node:n1");
        Instant now = Instant.now();
        assertThat(KubeletCertificate.reusable(files, "n1", now)).isTrue();
        assertThat(KubeletCertificate.reusable(files, "n2", now)).as("another node's").isFalse();
        assertThat(KubeletCertificate.reusable(files, "n1", now.plus(Duration.ofDays(250)))).as("within 120 days").isFalse();

        // A one-day certificate is renewed in its last third rather than at every start.
        KubeletCertificate.save(files, answer(ca, "system:node:n1", Duration.ofDays(1)));
        assertThat(KubeletCertificate.reusable(files, "n1", now)).isTrue();
        assertThat(KubeletCertificate.reusable(files, "n1", now.plus(Duration.ofHours(17)))).isFalse();

        // A key that does not belong to the certificate (a torn write) is not reused.
        Files.writeString(files.kubeletKey(), Pem.encodePrivateKey(LocalCsr.newKey()));
        assertThat(KubeletCertificate.reusable(files, "n1", now)).isFalse();

        assertThatThrownBy(() -> KubeletCertificate.save(files, "not pem")).hasMessageContaining("not a certificate chain");
    }

    @Test
    void taintsParseAsKubeletsRegisterWithTaints() {
        assertThat(NodeTaint.parse("dedicated=gpu:NoExecute")).isEqualTo(new NodeTaint("dedicated", "gpu", "NoExecute"));
        assertThat(NodeTaint.parse("example.com/spot:PreferNoSchedule"))
                .isEqualTo(new NodeTaint("example.com/spot", "", "PreferNoSchedule"));
        assertThatThrownBy(() -> NodeTaint.parse("a=b")).hasMessageContaining("is not key[=value]:Effect");
        assertThatThrownBy(() -> NodeTaint.parse(":NoSchedule")).hasMessageContaining("is not key[=value]:Effect");
    }

    @Test
    void statusMessagesAreTakenFromStatusBodies() {
        assertThat(SupervisorClient.statusMessage("{\"kind\":\"Status\",\"message\":\"unable to verify password\"}"))
                .isEqualTo("unable to verify password");
        assertThat(SupervisorClient.statusMessage("plain text")).isEqualTo("plain text");
    }

    private static String answer(CertificateAuthority ca, String cn, Duration validity) throws Exception {
        KeyPair key = LocalCsr.newKey();
        X509Certificate cert = CsrSigner.sign(LocalCsr.of(key, cn, List.of("system:nodes"), List.of(), List.of()),
                List.of("digital signature", "client auth"), ca, Instant.now(), validity);
        return Pem.encode(cert, ca.cert()) + Pem.encodePrivateKey(key);
    }
}
