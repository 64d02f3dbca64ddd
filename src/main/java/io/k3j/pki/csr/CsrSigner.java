package io.k3j.pki.csr;

import io.k3j.pki.CertificateAuthority;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Issues the certificate a CSR asks for, as upstream's CSR signers do: the request's subject and subjectAltNames,
 * key usages from {@code spec.usages}, not a CA, back-dated a little for clock skew, and never valid past the CA.
 */
public final class CsrSigner {

    /** Upstream's signers back-date by five minutes. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrSigner() {
    }

    public static X509Certificate sign(CertificateRequest r, List<String> usages, CertificateAuthority ca, Instant now,
                                       Duration ttl) {
        try {
            Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
            Instant notAfter = notBefore.plus(ttl);
            Instant caEnd = ca.cert().getNotAfter().toInstant();
            if (notAfter.isAfter(caEnd)) {
                notAfter = caEnd;
            }
            X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
            BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), r.subject(), r.publicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(r.publicKey()))
                    .addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caKeyId(ca, ext)));
            int bits = KeyUsages.keyUsageBits(usages);
            if (bits != 0) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
            }
            List<KeyPurposeId> ekus = KeyUsages.extendedKeyUsages(usages);
            if (!ekus.isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
            }
            GeneralNames sans = sans(r);
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            String alg = "EC".equals(ca.key().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(ca.key())));
        } catch (Exception e) {
            throw new CsrException("error signing certificate: " + e.getMessage());
        }
    }

    private static byte[] caKeyId(CertificateAuthority ca, JcaX509ExtensionUtils ext) {
        byte[] raw = ca.cert().getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return raw != null ? SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(raw).getOctets()).getKeyIdentifier()
                : ext.createSubjectKeyIdentifier(ca.cert().getPublicKey()).getKeyIdentifier();
    }

    private static GeneralNames sans(CertificateRequest r) {
        List<GeneralName> names = new ArrayList<>();
        r.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (InetAddress ip : r.ipAddresses()) {
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
        }
        r.emailAddresses().forEach(e -> names.add(new GeneralName(GeneralName.rfc822Name, e)));
        r.uris().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
