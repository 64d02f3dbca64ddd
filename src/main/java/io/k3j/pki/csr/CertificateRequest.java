package io.k3j.pki.csr;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A parsed PKCS#10 certificate request as the CSR API, its admission plugins and its signers look at it: the
 * subject's CN and O values, the requested subjectAltNames and the public key. Parsing follows Go's: the first PEM
 * block of the text must be a {@code CERTIFICATE REQUEST}; whatever follows it is ignored.
 */
public record CertificateRequest(X500Name subject, String commonName, List<String> organizations,
                                 List<String> dnsNames, List<InetAddress> ipAddresses, List<String> emailAddresses,
                                 List<String> uris, PublicKey publicKey, PKCS10CertificationRequest raw) {

    /** Upstream's ParseCSR text for anything that is not a CSR PEM block. */
    public static final String NOT_A_CSR = "PEM block type must be CERTIFICATE REQUEST";

    public CertificateRequest {
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        emailAddresses = List.copyOf(emailAddresses);
        uris = List.copyOf(uris);
    }

    /**
     * Parses the PEM text (the decoded {@code spec.request}) without checking the signature.
     *
     * @throws CsrException with upstream's text when it is no CSR
     */
    public static CertificateRequest parse(byte[] pem) {
        byte[] der = firstBlock(new String(pem, StandardCharsets.US_ASCII));
        PKCS10CertificationRequest req;
        JcaPKCS10CertificationRequest jca;
        try {
            req = new PKCS10CertificationRequest(der);
            jca = new JcaPKCS10CertificationRequest(req);
            PublicKey key = jca.getPublicKey();
            return fromParsed(req, key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new CsrException("asn1: structure error: " + e.getMessage());
        }
    }

    /** Parses and verifies the self-signature, as upstream's validation does on create. */
    public static CertificateRequest parseAndVerify(byte[] pem) {
        CertificateRequest r = parse(pem);
        r.verifySignature();
        return r;
    }

    /** The base64 text of {@code spec.request} (JSON carries the PEM bytes base64-encoded). */
    public static byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CsrException("illegal base64 data");
        }
    }

    public void verifySignature() {
        boolean ok;
        try {
            ok = raw.isSignatureValid(new JcaContentVerifierProviderBuilder().build(raw.getSubjectPublicKeyInfo()));
        } catch (PKCSException | org.bouncycastle.operator.OperatorCreationException e) {
            ok = false;
        }
        if (!ok) {
            // Go's crypto texts, which upstream passes through.
            throw new CsrException("EC".equals(publicKey.getAlgorithm()) ? "x509: ECDSA verification failure"
                    : "crypto/rsa: verification error");
        }
    }

    private static byte[] firstBlock(String text) {
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new CsrException(NOT_A_CSR);
        }
        int typeEnd = text.indexOf("-----", begin + 11);
        if (typeEnd < 0) {
            throw new CsrException(NOT_A_CSR);
        }
        String type = text.substring(begin + 11, typeEnd);
        String end = "-----END " + type + "-----";
        int endAt = text.indexOf(end, typeEnd);
        if (!type.equals("CERTIFICATE REQUEST") || endAt < 0) {
            throw new CsrException(NOT_A_CSR);
        }
        String body = text.substring(typeEnd + 5, endAt).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new CsrException(NOT_A_CSR);
        }
    }

    private static CertificateRequest fromParsed(PKCS10CertificationRequest req, PublicKey key) throws IOException {
        X500Name subject = req.getSubject();
        String cn = "";
        List<String> orgs = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (var atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN) && cn.isEmpty()) {
                    cn = text(atv.getValue());
                } else if (atv.getType().equals(BCStyle.O)) {
                    orgs.add(text(atv.getValue()));
                }
            }
        }
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (Attribute attr : req.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable v : attr.getAttributeValues()) {
                Extensions exts = Extensions.getInstance(v);
                GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
                if (names == null) {
                    continue;
                }
                for (GeneralName n : names.getNames()) {
                    switch (n.getTagNo()) {
                        case GeneralName.dNSName -> dns.add(text(n.getName()));
                        case GeneralName.rfc822Name -> emails.add(text(n.getName()));
                        case GeneralName.uniformResourceIdentifier -> uris.add(text(n.getName()));
                        case GeneralName.iPAddress -> ips.add(ip(n));
                        default -> { }
                    }
                }
            }
        }
        return new CertificateRequest(subject, cn, orgs, dns, ips, emails, uris, key, req);
    }

    private static InetAddress ip(GeneralName n) {
        try {
            return InetAddress.getByAddress(ASN1OctetString.getInstance(n.getName()).getOctets());
        } catch (UnknownHostException e) {
            throw new CsrException("x509: invalid IP address in subjectAltName");
        }
    }

    private static String text(ASN1Encodable v) {
        return v instanceof ASN1String s ? s.getString() : v.toString();
    }
}
