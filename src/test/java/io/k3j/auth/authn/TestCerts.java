package io.k3j.auth.authn;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Certificates for authentication tests: CAs, client leaves with any validity, TLS server certificates. */
public final class TestCerts {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    public record Issued(X509Certificate cert, KeyPair key) {
        public String certPem() {
            return pem("CERTIFICATE", encoded(cert));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getPrivate().getEncoded());
        }
    }

    private TestCerts() {
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Issued ca(String cn) {
        KeyPair k = ecKey();
        Instant now = Instant.now();
        return new Issued(build(cn, List.of(), k, k, null, now.minusSeconds(3600), now.plusSeconds(86400 * 365), true, null, List.of()), k);
    }

    /** A different CA with the very same name as {@code real}: clients offer its leaves where {@code real}'s are asked for. */
    public static Issued impostorOf(Issued real) {
        KeyPair k = ecKey();
        Instant now = Instant.now();
        try {
            var name = org.bouncycastle.asn1.x500.X500Name.getInstance(real.cert().getSubjectX500Principal().getEncoded());
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)), name, k.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate());
            return new Issued(new JcaX509CertificateConverter().getCertificate(b.build(signer)), k);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Issued client(Issued ca, String cn, List<String> orgs, Instant notBefore, Instant notAfter) {
        KeyPair k = ecKey();
        return new Issued(build(cn, orgs, k, ca.key(), ca.cert(), notBefore, notAfter, false,
                KeyPurposeId.id_kp_clientAuth, List.of()), k);
    }

    public static Issued client(Issued ca, String cn, String... orgs) {
        Instant now = Instant.now();
        return client(ca, cn, List.of(orgs), now.minusSeconds(3600), now.plusSeconds(86400));
    }

    public static Issued server(Issued ca, String... ipSans) {
        KeyPair k = ecKey();
        Instant now = Instant.now();
        return new Issued(build("localhost", List.of(), k, ca.key(), ca.cert(), now.minusSeconds(3600), now.plusSeconds(86400),
                false, KeyPurposeId.id_kp_serverAuth, List.of(ipSans)), k);
    }

    private static X509Certificate build(String cn, List<String> orgs, KeyPair subjectKey, KeyPair issuerKey,
                                         X509Certificate issuer, Instant notBefore, Instant notAfter, boolean isCa,
                                         KeyPurposeId eku, List<String> ipSans) {
        try {
            X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
            for (String o : orgs) {
                nb.addRDN(BCStyle.O, o);
            }
            nb.addRDN(BCStyle.CN, cn);
            var subject = nb.build();
            var issuerName = issuer == null ? subject
                    : org.bouncycastle.asn1.x500.X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            var b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (eku != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            }
            if (!ipSans.isEmpty()) {
                GeneralName[] names = ipSans.stream().map(ip -> ip.matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, ip) : new GeneralName(GeneralName.dNSName, ip))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
