package io.k3j.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates with BouncyCastle's builder but the JDK's own crypto providers (no BC provider is
 * registered, which keeps start-up lean and avoids provider-order surprises in the rest of the JVM).
 */
final class CertIssuer {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** Back-dating tolerates clocks on other nodes that run a little behind ours. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    enum Usage { SERVER, CLIENT }

    private CertIssuer() {}

    /** ECDSA P-256: what K3s uses, and ~100x faster to generate than RSA 2048 — it matters for first boot. */
    static KeyPair newEcKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks EC P-256 support", e);
        }
    }

    /** RSA 2048 for the service-account key: tokens are RS256, the algorithm every client library accepts. */
    static KeyPair newRsaKey() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, RANDOM);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks RSA support", e);
        }
    }

    static X509Certificate selfSignedCa(KeyPair key, String commonName, Instant now) throws IOException {
        X500Name subject = name(commonName, List.of());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            var ski = ext.createSubjectKeyIdentifier(key.getPublic());
            X509v3CertificateBuilder b = builder(subject, subject, key.getPublic(), now, CA_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ski)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new AuthorityKeyIdentifier(ski.getKeyIdentifier()));
            return sign(b, key.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IOException("cannot create CA certificate " + commonName, e);
        }
    }

    /** Issues a leaf for {@code publicKey}; callers pass an existing key to renew without re-keying. */
    static X509Certificate leaf(LeafTemplate t, PublicKey publicKey, CertificateAuthority ca, Instant now)
            throws IOException {
        try {
            X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            KeyPurposeId purpose = t.usage() == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
            X509v3CertificateBuilder b = builder(issuer, name(t.commonName(), t.organizations()), publicKey, now, LEAF_VALIDITY)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new AuthorityKeyIdentifier(caKeyId(ca.cert(), ext)));
            GeneralNames sans = subjectAltNames(t.sans());
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return sign(b, ca.key());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IOException("cannot issue certificate " + t.fileBase(), e);
        }
    }

    /** Copies the CA's own key id so AKI matches even for custom CAs that computed SKI differently. */
    private static byte[] caKeyId(X509Certificate ca, JcaX509ExtensionUtils ext) {
        byte[] raw = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (raw != null) {
            return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(raw).getOctets()).getKeyIdentifier();
        }
        return ext.createSubjectKeyIdentifier(ca.getPublicKey()).getKeyIdentifier();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
                                                    Instant now, Duration validity) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        // 127 random bits: unique without state, positive as RFC 5280 requires.
        BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(start.minus(BACKDATE)),
                Date.from(start.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws GeneralSecurityException {
        String alg = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create " + alg + " signer", e);
        }
    }

    static X500Principal subject(LeafTemplate t) throws IOException {
        return new X500Principal(name(t.commonName(), t.organizations()).getEncoded());
    }

    /** Go's order (O before CN), so RFC 2253 renders it as "CN=...,O=..." like K3s certs. */
    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> nb.addRDN(BCStyle.O, o));
        nb.addRDN(BCStyle.CN, commonName);
        return nb.build();
    }

    private static GeneralNames subjectAltNames(SanSet sans) {
        List<GeneralName> names = new ArrayList<>();
        sans.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        for (InetAddress ip : sans.ips()) {
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
        }
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
