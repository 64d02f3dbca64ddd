package io.k3j.pki;

import static io.k3j.pki.PkiTestSupport.T0;
import static io.k3j.pki.PkiTestSupport.clockAt;
import static io.k3j.pki.PkiTestSupport.clockPlus;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateInventoryTest {

    @TempDir
    Path dir;
    Path tls;

    @BeforeEach
    void setUp() throws Exception {
        tls = dir.resolve("tls");
        ClusterPki.ensure(PkiTestSupport.spec(tls), clockAt(T0));
    }

    @Test
    void listsEveryCrtRecursivelySortedWithDetails() throws Exception {
        // A nested dir (K3s keeps etcd CAs in tls/etcd) and a non-cert file.
        Files.createDirectories(tls.resolve("etcd"));
        Files.copy(tls.resolve("server-ca.crt"), tls.resolve("etcd/server-ca.crt"));
        Files.writeString(tls.resolve("notes.txt"), "x");

        List<CertInfo> list = CertificateInventory.list(tls, clockAt(T0));
        assertThat(list).extracting(i -> tls.relativize(i.file()).toString()).containsExactly(
                "client-admin.crt", "client-ca.crt", "client-controller.crt", "client-k3j-controller.crt",
                "client-kube-apiserver.crt", "client-kube-proxy.crt", "client-kubelet.crt", "client-scheduler.crt",
                "etcd/server-ca.crt", "request-header-ca.crt", "server-ca.crt", "serving-kube-apiserver.crt");
        CertInfo admin = list.getFirst();
        assertThat(admin.subject()).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(admin.issuer()).startsWith("CN=k3j-client-ca@");
        assertThat(admin.notAfter()).isEqualTo(T0.plus(Duration.ofDays(365)));
        assertThat(admin.notBefore()).isBefore(T0);
        assertThat(admin.daysLeft()).isEqualTo(365);
        assertThat(admin.status()).isEqualTo(CertInfo.Status.OK);
        assertThat(list).filteredOn(i -> i.file().getFileName().toString().equals("serving-kube-apiserver.crt"))
                .singleElement().satisfies(i -> assertThat(i.subject()).isEqualTo("CN=kube-apiserver"));
    }

    @Test
    void statusFollowsThe120DayWindowAndExpiry() throws Exception {
        assertThat(status(244)).isEqualTo(CertInfo.Status.OK);
        assertThat(status(246)).isEqualTo(CertInfo.Status.WARNING);
        assertThat(status(366)).isEqualTo(CertInfo.Status.EXPIRED);
        CertInfo expired = admin(400);
        assertThat(expired.daysLeft()).isEqualTo(-35);
        // CAs last ten years.
        assertThat(CertificateInventory.list(tls, clockPlus(Duration.ofDays(400))))
                .filteredOn(i -> i.file().getFileName().toString().equals("server-ca.crt"))
                .singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(CertInfo.Status.OK));
    }

    @Test
    void unreadableFilesAreSkipped() throws Exception {
        Files.writeString(tls.resolve("broken.crt"), "not a cert");
        assertThat(CertificateInventory.list(tls, clockAt(T0)))
                .noneMatch(i -> i.file().getFileName().toString().equals("broken.crt"))
                .hasSize(11);
    }

    private CertInfo.Status status(int days) throws Exception {
        return admin(days).status();
    }

    private CertInfo admin(int days) throws Exception {
        return CertificateInventory.list(tls, clockPlus(Duration.ofDays(days))).stream()
                .filter(i -> i.file().getFileName().toString().equals("client-admin.crt"))
                .findFirst().orElseThrow();
    }
}
