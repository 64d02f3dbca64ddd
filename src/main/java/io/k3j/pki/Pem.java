package io.k3j.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * PEM encoding of certificates and keys. Keys are written as PKCS#8 ({@code PRIVATE KEY}), which the
 * JDK, Vert.x, Go (kubectl) and OpenSSL all read; reading also accepts the traditional
 * {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY} forms K3s writes, so custom CAs copied from a K3s
 * data dir load unchanged. Encrypted keys are not supported (nothing here could ask for a passphrase).
 */
public final class Pem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {}

    public static String encode(X509Certificate... certs) {
        return encodeCertificates(List.of(certs));
    }

    public static String encodeCertificates(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate cert : certs) {
            try {
                sb.append(block("CERTIFICATE", cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded", e);
            }
        }
        return sb.toString();
    }

    /** PKCS#8 {@code PRIVATE KEY}, as the JDK encodes it (for EC: without the public point). */
    public static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key is not PKCS#8-encodable: " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /**
     * PKCS#8 {@code PRIVATE KEY} that, for EC, also carries the public point (as OpenSSL writes it). Reading
     * the key pair back then needs no elliptic-curve arithmetic, which keeps warm starts fast.
     */
    public static String encodePrivateKey(KeyPair pair) {
        if (!(pair.getPrivate() instanceof ECPrivateKey ec)) {
            return encodePrivateKey(pair.getPrivate());
        }
        try {
            var spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
            int orderBits = ec.getParams().getOrder().bitLength();
            var inner = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ec.getS(), spki.getPublicKeyData(), null);
            return block("PRIVATE KEY", new PrivateKeyInfo(spki.getAlgorithm(), inner).getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException("EC key cannot be encoded", e);
        }
    }

    /**
     * The key in the traditional per-algorithm form K3s puts into kubeconfigs: SEC1 {@code EC PRIVATE KEY}
     * (named curve and public point included) for EC keys; other keys are returned unchanged. Some clients
     * read only that form for EC: the fabric8 kubernetes-client assumes RSA for a PKCS#8 {@code PRIVATE KEY}
     * and fails on an EC one.
     */
    public static String toTraditionalKey(String keyPem) throws IOException {
        KeyPair pair = parseKeyPair(keyPem);
        if (!(pair.getPrivate() instanceof ECPrivateKey ec)) {
            return keyPem;
        }
        var spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        int orderBits = ec.getParams().getOrder().bitLength();
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ec.getS(), spki.getPublicKeyData(),
                spki.getAlgorithm().getParameters());
        return block("EC PRIVATE KEY", sec1.getEncoded());
    }

    /** X.509 SubjectPublicKeyInfo {@code PUBLIC KEY}, e.g. for a service-account verification key file. */
    public static String encodePublicKey(PublicKey key) {
        return block("PUBLIC KEY", key.getEncoded());
    }

    public static List<X509Certificate> parseCertificates(String pem) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IOException("no CERTIFICATE block found");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IOException("invalid certificate PEM: " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try {
            return parseCertificates(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first certificate of a file (the leaf, when the file holds a chain). */
    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificates(file).getFirst();
    }

    /** Parses the first private key block; error messages never include key material. */
    public static PrivateKey parsePrivateKey(String pem) throws IOException {
        return fromPkcs8(pkcs8(pem));
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Private key plus its public half: embedded in the file when present, else recomputed. */
    public static KeyPair parseKeyPair(String pem) throws IOException {
        byte[] der = pkcs8(pem);
        PrivateKey key = fromPkcs8(der);
        PublicKey pub = embeddedEcPublicKey(der);
        return new KeyPair(pub != null ? pub : publicKeyOf(key), key);
    }

    public static KeyPair readKeyPair(Path file) throws IOException {
        try {
            return parseKeyPair(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The PKCS#8 DER of the first private key block, converting the traditional forms. */
    private static byte[] pkcs8(String pem) throws IOException {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue;
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IOException("malformed base64 in " + type + " block");
            }
            return switch (type) {
                case "PRIVATE KEY" -> der;
                case "EC PRIVATE KEY" -> sec1ToPkcs8(der);
                case "RSA PRIVATE KEY" -> pkcs1ToPkcs8(der);
                default -> throw new IOException("unsupported key type " + type + " (encrypted keys are not supported)");
            };
        }
        throw new IOException("no PRIVATE KEY block found");
    }

    private static PublicKey embeddedEcPublicKey(byte[] pkcs8) throws IOException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            if (!info.getPrivateKeyAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return null;
            }
            var point = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
            if (point == null) {
                return null;
            }
            byte[] spki = new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), point).getEncoded();
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (RuntimeException | GeneralSecurityException e) {
            throw new IOException("malformed EC public key inside the private key");
        }
    }

    /**
     * The public half of a private key. PKCS#8 EC keys from the JDK omit the public point, so it is
     * recomputed (d·G); this lets a key whose certificate was lost be re-certified without re-keying.
     */
    public static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        try {
            if (key instanceof RSAPrivateCrtKey crt) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ECParameterSpec params = ec.getParams();
                var q = EC5Util.convertSpec(params).getG().multiply(ec.getS()).normalize();
                var w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the public key", e);
        }
        throw new IOException("unsupported private key type " + key.getAlgorithm());
    }

    private static PrivateKey fromPkcs8(byte[] der) throws IOException {
        String algorithm;
        try {
            var oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
            if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                algorithm = "EC";
            } else if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                algorithm = "RSA";
            } else {
                throw new IOException("unsupported private key algorithm " + oid);
            }
        } catch (RuntimeException e) {
            // BouncyCastle signals bad DER with assorted runtime exceptions; none carries key bytes.
            throw new IOException("malformed PKCS#8 private key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("malformed " + algorithm + " private key");
        }
    }

    private static byte[] sec1ToPkcs8(byte[] der) throws IOException {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
            var params = sec1.getParametersObject();
            if (params == null) {
                throw new IOException("EC PRIVATE KEY without curve parameters");
            }
            var algId = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, params);
            return new PrivateKeyInfo(algId, sec1).getEncoded();
        } catch (RuntimeException e) {
            throw new IOException("malformed EC PRIVATE KEY");
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] der) throws IOException {
        try {
            RSAPrivateKey pkcs1 = RSAPrivateKey.getInstance(der);
            var algId = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
            return new PrivateKeyInfo(algId, pkcs1).getEncoded();
        } catch (RuntimeException e) {
            throw new IOException("malformed RSA PRIVATE KEY");
        }
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
