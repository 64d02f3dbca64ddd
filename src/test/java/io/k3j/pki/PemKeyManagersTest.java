package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyManagersTest {

    @TempDir
    Path dir;

    @Test
    void keyManagerServesTheFilesKeyAndChain() throws Exception {
        ClusterPki pki = ClusterPki.ensure(PkiTestSupport.spec(dir.resolve("tls")), Clock.systemUTC());
        X509KeyManager km = (X509KeyManager) PemKeyManagers.load(pki.servingCertFile(), pki.servingKeyFile())
                .getKeyManagers()[0];

        String alias = km.chooseServerAlias(Pem.readPrivateKey(pki.servingKeyFile()).getAlgorithm(), null, null);
        assertThat(alias).isNotNull();
        assertThat(km.getPrivateKey(alias)).isEqualTo(Pem.readPrivateKey(pki.servingKeyFile()));
        assertThat(km.getCertificateChain(alias)).containsExactlyElementsOf(Pem.readCertificates(pki.servingCertFile()));
    }

    @Test
    void unreadableKeyNamesTheFile() throws Exception {
        ClusterPki pki = ClusterPki.ensure(PkiTestSupport.spec(dir.resolve("tls")), Clock.systemUTC());
        Path bad = Files.writeString(dir.resolve("bad.key"), "not a key");
        assertThatThrownBy(() -> PemKeyManagers.load(pki.servingCertFile(), bad))
                .isInstanceOf(IOException.class).hasMessageContaining("bad.key");
    }
}
