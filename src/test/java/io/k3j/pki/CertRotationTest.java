package io.k3j.pki;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertRotationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    private static ClusterPki pki(Path tls) throws Exception {
        return ClusterPki.ensure(new PkiSpec(tls, "cluster.local", InetAddress.getByName("10.43.0.1"), List.of("n1"),
                List.of(), "n1"), Clock.systemUTC());
    }

    @Test
    void rotateMovesTheChosenLeavesAndTheNextEnsureIssuesNewOnesUnderTheSameCa(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        ClusterPki before = pki(tls);
        var adminBefore = Pem.readCertificate(tls.resolve("client-admin.crt"));
        var schedBefore = Pem.readCertificate(tls.resolve("client-scheduler.crt"));
        CertRotation.Result r = CertRotation.rotate(tls, List.of("admin", "api-server"), CLOCK);
        assertThat(r.backup()).isEqualTo(dir.resolve("tls-" + CLOCK.instant().getEpochSecond()));
        assertThat(r.moved()).containsExactly("client-admin", "client-kube-apiserver", "serving-kube-apiserver");
        assertThat(tls.resolve("client-admin.crt")).doesNotExist();
        assertThat(r.backup().resolve("client-admin.key")).exists();

        ClusterPki after = pki(tls);
        var adminAfter = Pem.readCertificate(tls.resolve("client-admin.crt"));
        assertThat(adminAfter.getSerialNumber()).isNotEqualTo(adminBefore.getSerialNumber());
        assertThat(adminAfter.getPublicKey()).isNotEqualTo(adminBefore.getPublicKey()); // a new key, as K3s
        assertThat(Pem.readCertificate(tls.resolve("client-scheduler.crt"))).isEqualTo(schedBefore);
        assertThat(after.clientCa()).isEqualTo(before.clientCa());
        adminBefore.verify(after.clientCa().getPublicKey()); // old client certs stay valid
    }

    @Test
    void rotateWithoutServicesTakesEveryLeafButNoCaAndRefusesUnknownNames(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        pki(tls);
        CertRotation.Result r = CertRotation.rotate(tls, List.of(), CLOCK);
        assertThat(r.moved()).contains("client-admin", "client-kubelet", "serving-kube-apiserver")
                .doesNotContain("server-ca", "client-ca", "request-header-ca");
        assertThat(tls.resolve("server-ca.key")).exists();
        assertThat(tls.resolve("service.key")).exists();
        assertThatThrownBy(() -> CertRotation.rotate(tls, List.of("bogus"), CLOCK))
                .hasMessageStartingWith("unknown service bogus; known: admin, api-server");
    }

    @Test
    void rotateCaTakesAnIntermediateOfTheCurrentCaButNoStrangerWithoutForce(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        ClusterPki current = pki(tls);
        // A stranger: another cluster's CA.
        Path strangerTls = dir.resolve("other");
        pki(strangerTls);
        Path staged = Files.createDirectories(dir.resolve("staged"));
        Files.copy(strangerTls.resolve("client-ca.crt"), staged.resolve("client-ca.crt"));
        Files.copy(strangerTls.resolve("client-ca.key"), staged.resolve("client-ca.key"));
        assertThatThrownBy(() -> CertRotation.rotateCa(tls, staged, false, CLOCK))
                .hasMessageContaining("the new client-ca does not chain to the current one");
        assertThat(Pem.readCertificate(tls.resolve("client-ca.crt"))).isEqualTo(current.clientCa());

        // A bundle that includes the current CA keeps trust.
        Files.writeString(staged.resolve("client-ca.crt"), Files.readString(strangerTls.resolve("client-ca.crt"))
                + Files.readString(tls.resolve("client-ca.crt")));
        CertRotation.Result r = CertRotation.rotateCa(tls, staged, false, CLOCK);
        assertThat(r.moved()).contains("client-admin", "client-controller", "client-ca").doesNotContain("serving-kube-apiserver");
        ClusterPki after = pki(tls);
        assertThat(after.clientCa()).isEqualTo(Pem.readCertificate(strangerTls.resolve("client-ca.crt")));
        Pem.readCertificate(tls.resolve("client-admin.crt")).verify(after.clientCa().getPublicKey());
        assertThat(after.serverCa()).isEqualTo(current.serverCa());
    }

    @Test
    void rotateCaWithForceTakesAnyCaAndChecksThePair(@TempDir Path dir) throws Exception {
        Path tls = dir.resolve("tls");
        pki(tls);
        Path other = dir.resolve("other");
        pki(other);
        Path staged = Files.createDirectories(dir.resolve("staged"));
        Files.copy(other.resolve("server-ca.crt"), staged.resolve("server-ca.crt"));
        Files.copy(tls.resolve("server-ca.key"), staged.resolve("server-ca.key"));
        assertThatThrownBy(() -> CertRotation.rotateCa(tls, staged, true, CLOCK)).hasMessageContaining("does not belong to");
        Files.copy(other.resolve("server-ca.key"), staged.resolve("server-ca.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CertRotation.Result r = CertRotation.rotateCa(tls, staged, true, CLOCK);
        assertThat(r.moved()).containsExactly("serving-kube-apiserver", "server-ca");
        Files.delete(staged.resolve("server-ca.key"));
        assertThatThrownBy(() -> CertRotation.rotateCa(tls, staged, true, CLOCK))
                .hasMessageContaining("server-ca.crt and server-ca.key must be given together");
    }
}
