package io.k3j.pki.csr;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A request built in-process for a key made here, so certificates the server hands out itself (the supervisor's
 * node certificates) pass through the same {@link CsrSigner} as the CSR API's.
 */
public final class LocalCsr {

    private LocalCsr() {
    }

    /** ECDSA P-256, as K3s's node keys. Call off the event loop. */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks EC P-256 support", e);
        }
    }

    public static CertificateRequest of(KeyPair key, String commonName, List<String> organizations, List<String> dnsNames,
                                        List<InetAddress> ips) {
        try {
            X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
            organizations.forEach(o -> nb.addRDN(BCStyle.O, o));
            nb.addRDN(BCStyle.CN, commonName);
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(nb.build(), key.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress()))));
            if (!names.isEmpty()) {
                ExtensionsGenerator eg = new ExtensionsGenerator();
                eg.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
                b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, eg.generate());
            }
            var req = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return CertificateRequest.parse(("-----BEGIN CERTIFICATE REQUEST-----\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(req.getEncoded())
                    + "\n-----END CERTIFICATE REQUEST-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new CsrException("cannot build a certificate request: " + e.getMessage());
        }
    }
}
