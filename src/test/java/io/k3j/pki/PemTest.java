package io.k3j.pki;

import static io.k3j.pki.PkiTestSupport.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void certificateRoundTripKeepsOrder() throws Exception {
        X509Certificate a = CertIssuer.selfSignedCa(CertIssuer.newEcKey(), "a", T0);
        X509Certificate b = CertIssuer.selfSignedCa(CertIssuer.newEcKey(), "b", T0);
        String pem = Pem.encode(a, b);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(Pem.parseCertificates(pem)).containsExactly(a, b);
    }

    @Test
    void pkcs8RoundTripForEcAndRsa() throws Exception {
        for (KeyPair kp : List.of(CertIssuer.newEcKey(), CertIssuer.newRsaKey())) {
            String pem = Pem.encodePrivateKey(kp.getPrivate());
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
            assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
            assertThat(Pem.parsePrivateKey(pem).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
            assertThat(Pem.publicKeyOf(kp.getPrivate()).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        }
    }

    @Test
    void readsTraditionalK3sKeyFormats() throws Exception {
        for (KeyPair kp : List.of(CertIssuer.newEcKey(), CertIssuer.newRsaKey())) {
            String traditional = traditional(kp);
            String expectedHeader = kp.getPrivate().getAlgorithm().equals("EC") ? "EC PRIVATE KEY" : "RSA PRIVATE KEY";
            assertThat(traditional).contains("-----BEGIN " + expectedHeader + "-----");
            var parsed = Pem.parsePrivateKey(traditional);
            assertThat(Pem.publicKeyOf(parsed).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        }
    }

    @Test
    void skipsNonKeyBlocksBeforeTheKey() throws Exception {
        KeyPair kp = CertIssuer.newEcKey();
        X509Certificate cert = CertIssuer.selfSignedCa(kp, "x", T0);
        String combined = Pem.encode(cert) + Pem.encodePrivateKey(kp.getPrivate());
        assertThat(Pem.parsePrivateKey(combined).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    }

    @Test
    void errorsNeverEchoKeyMaterial() {
        String garbage = "-----BEGIN PRIVATE KEY-----\nAAAAsecretsecret\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.parsePrivateKey(garbage))
                .isInstanceOf(IOException.class)
                .message().doesNotContain("secret").doesNotContain("AAAA");
        assertThatThrownBy(() -> Pem.parsePrivateKey("nothing here")).hasMessageContaining("no PRIVATE KEY");
        assertThatThrownBy(() -> Pem.parsePrivateKey(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
                .hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Pem.parseCertificates("")).isInstanceOf(IOException.class);
    }

    @Test
    void publicKeyPem() {
        KeyPair kp = CertIssuer.newRsaKey();
        assertThat(Pem.encodePublicKey(kp.getPublic())).startsWith("-----BEGIN PUBLIC KEY-----\n");
    }

    /** What K3s/OpenSSL write: SEC1 with the named curve and public point for EC, PKCS#1 for RSA. */
    static String traditional(KeyPair kp) throws IOException {
        if (kp.getPrivate() instanceof ECPrivateKey ec) {
            var point = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()).getPublicKeyData();
            var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), point, SECObjectIdentifiers.secp256r1);
            String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(sec1.getEncoded());
            return "-----BEGIN EC PRIVATE KEY-----\n" + b64 + "\n-----END EC PRIVATE KEY-----\n";
        }
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(kp);
        }
        return out.toString();
    }
}
