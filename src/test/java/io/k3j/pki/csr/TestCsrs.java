package io.k3j.pki.csr;

import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.Pem;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** CSRs and CAs for tests, built with BouncyCastle the way openssl or client-go would. */
public final class TestCsrs {

    private TestCsrs() {
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

    /** PEM of a CSR signed by {@code key}. */
    public static String csr(KeyPair key, String cn, List<String> orgs, List<String> dns, List<String> ips,
                             List<String> emails) {
        try {
            X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
            orgs.forEach(o -> nb.addRDN(BCStyle.O, o));
            nb.addRDN(BCStyle.CN, cn);
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(nb.build(), key.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            for (String ip : ips) {
                names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(ip).getAddress())));
            }
            emails.forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
            if (!names.isEmpty()) {
                ExtensionsGenerator eg = new ExtensionsGenerator();
                eg.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, eg.generate());
            }
            byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
            return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END CERTIFICATE REQUEST-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String csr(String cn, String... orgs) {
        return csr(ecKey(), cn, List.of(orgs), List.of(), List.of(), List.of());
    }

    public static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** A self-signed EC CA valid for {@code validity} from now. */
    public static CertificateAuthority ca(String cn, Duration validity) {
        try {
            KeyPair key = ecKey();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
            Instant now = Instant.now();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(validity)), name, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
            return new CertificateAuthority(Path.of(cn + ".crt"), Path.of(cn + ".key"), cert, key.getPrivate(), Pem.encode(cert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
