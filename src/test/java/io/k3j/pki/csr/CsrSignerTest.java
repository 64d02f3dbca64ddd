package io.k3j.pki.csr;

import io.k3j.pki.CertificateAuthority;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrSignerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void parsesSubjectAndSubjectAltNames() {
        String pem = TestCsrs.csr(TestCsrs.ecKey(), "system:node:n1", List.of("system:nodes"), List.of("n1.local"),
                List.of("10.0.0.7"), List.of("ops@example.com"));
        CertificateRequest r = CertificateRequest.parseAndVerify(bytes("explanatory text\n" + pem));
        assertThat(r.commonName()).isEqualTo("system:node:n1");
        assertThat(r.organizations()).containsExactly("system:nodes");
        assertThat(r.dnsNames()).containsExactly("n1.local");
        assertThat(r.ipAddresses()).extracting(a -> a.getHostAddress()).containsExactly("10.0.0.7");
        assertThat(r.emailAddresses()).containsExactly("ops@example.com");
    }

    @Test
    void refusesWhatIsNoCsrWithUpstreamsText() {
        assertThatThrownBy(() -> CertificateRequest.parse(bytes("hello")))
                .hasMessage("PEM block type must be CERTIFICATE REQUEST");
        assertThatThrownBy(() -> CertificateRequest.parse(bytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")))
                .hasMessage("PEM block type must be CERTIFICATE REQUEST");
    }

    @Test
    void detectsABrokenSignature() {
        String pem = TestCsrs.csr("jane", "devs");
        CertificateRequest good = CertificateRequest.parseAndVerify(bytes(pem));
        // Same request body, signature from a different key: re-sign with another key and graft its signature.
        String other = TestCsrs.csr("jane", "devs");
        var forged = new org.bouncycastle.pkcs.PKCS10CertificationRequest(new org.bouncycastle.asn1.pkcs.CertificationRequest(
                good.raw().toASN1Structure().getCertificationRequestInfo(),
                good.raw().getSignatureAlgorithm(),
                new org.bouncycastle.asn1.DERBitString(CertificateRequest.parse(bytes(other)).raw().getSignature())));
        String forgedPem = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(encoded(forged)) + "\n-----END CERTIFICATE REQUEST-----\n";
        assertThatThrownBy(() -> CertificateRequest.parseAndVerify(bytes(forgedPem)))
                .hasMessage("x509: ECDSA verification failure");
    }

    private static byte[] encoded(org.bouncycastle.pkcs.PKCS10CertificationRequest r) {
        try {
            return r.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void issuesTheRequestedSubjectUsagesAndDuration() throws Exception {
        CertificateAuthority ca = TestCsrs.ca("test-ca", Duration.ofDays(3650));
        KeyPair key = TestCsrs.ecKey();
        CertificateRequest r = CertificateRequest.parse(bytes(TestCsrs.csr(key, "system:node:n1", List.of("system:nodes"),
                List.of("n1"), List.of("10.0.0.7"), List.of())));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        X509Certificate cert = CsrSigner.sign(r, List.of("digital signature", "server auth"), ca, now, Duration.ofHours(2));
        cert.verify(ca.cert().getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1,O=system:nodes");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(cert.getKeyUsage()[2]).isFalse(); // no keyEncipherment asked
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()).containsExactly("n1", "10.0.0.7");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofMinutes(5)));
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void neverOutlivesTheCa() {
        CertificateAuthority ca = TestCsrs.ca("short-ca", Duration.ofDays(2));
        CertificateRequest r = CertificateRequest.parse(bytes(TestCsrs.csr("jane")));
        X509Certificate cert = CsrSigner.sign(r, List.of("client auth"), ca, Instant.now(), Duration.ofDays(365));
        assertThat(cert.getNotAfter()).isEqualTo(ca.cert().getNotAfter());
    }
}
