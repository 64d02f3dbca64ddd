package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterTokenTest {

    private static final String HASH = "d3b8".repeat(16);

    @TempDir
    Path dir;

    @Test
    void parsesSecureForm() {
        ClusterToken t = ClusterToken.parse("K10" + HASH + "::server:9e6da834b9028eebd95c84a69bfe25d3\n");
        assertThat(t.caHash()).isEqualTo(HASH);
        assertThat(t.username()).isEqualTo("server");
        assertThat(t.password()).isEqualTo("9e6da834b9028eebd95c84a69bfe25d3");
        assertThat(t.isSecure()).isTrue();
        assertThat(t.toString()).isEqualTo("K10" + HASH + "::server:9e6da834b9028eebd95c84a69bfe25d3");
    }

    @Test
    void upperCaseHashIsNormalised() {
        assertThat(ClusterToken.parse("K10" + HASH.toUpperCase() + "::node:pw").caHash()).isEqualTo(HASH);
    }

    @Test
    void parsesShortForms() {
        ClusterToken bare = ClusterToken.parse("  mysecret ");
        assertThat(bare).isEqualTo(new ClusterToken("", "", "mysecret"));
        assertThat(bare.isSecure()).isFalse();
        assertThat(bare.toString()).isEqualTo("mysecret");

        assertThat(ClusterToken.parse("server:abc")).isEqualTo(new ClusterToken("", "server", "abc"));
        // A bootstrap token is a bare credential; the part before ':' must look like a user name.
        assertThat(ClusterToken.parse("abcdef.0123456789abcdef").password()).isEqualTo("abcdef.0123456789abcdef");
        assertThat(ClusterToken.parse("p@ss:word")).isEqualTo(new ClusterToken("", "", "p@ss:word"));
        // "K10..." without "::" is just an unusual password.
        assertThat(ClusterToken.parse("K10abc").password()).isEqualTo("K10abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "K10abc::server:pw", "K10" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg::server:pw",
        "K10" + "d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8d3b8" + "::", "server:", "pass word"})
    void rejectsInvalidForms(String text) {
        assertThatThrownBy(() -> ClusterToken.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (!text.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(text.strip());
                    }
                });
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> ClusterToken.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void caHashIsSha256OfTheFileBytesForASingleCert() throws Exception {
        X509Certificate ca = CertIssuer.selfSignedCa(CertIssuer.newEcKey(), "ca", PkiTestSupport.T0);
        Path file = dir.resolve("server-ca.crt");
        Files.writeString(file, Pem.encode(ca));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(ClusterToken.caHash(file)).isEqualTo(expected).hasSize(64);

        // File bytes, not the DER: a trailing newline changes the hash, as in K3s.
        Files.writeString(file, Pem.encode(ca) + "\n");
        assertThat(ClusterToken.caHash(file)).isNotEqualTo(expected);
    }

    @Test
    void caHashOfABundleIsTheRootDer() throws Exception {
        var rootKey = CertIssuer.newEcKey();
        X509Certificate root = CertIssuer.selfSignedCa(rootKey, "root", PkiTestSupport.T0);
        var rootCa = new CertificateAuthority(dir.resolve("r.crt"), dir.resolve("r.key"), root, rootKey.getPrivate(), Pem.encode(root));
        X509Certificate leaf = CertIssuer.leaf(LeafTemplate.client("x", "x"), CertIssuer.newEcKey().getPublic(), rootCa,
                PkiTestSupport.T0);
        Path bundle = dir.resolve("bundle.crt");
        Files.writeString(bundle, Pem.encode(leaf, root));
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
        assertThat(ClusterToken.caHash(bundle)).isEqualTo(expected);
    }
}
