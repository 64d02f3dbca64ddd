package io.k3j.pki.csr;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The {@code spec.usages} values of the CSR API and what each becomes in an issued certificate. */
public final class KeyUsages {

    public static final String DIGITAL_SIGNATURE = "digital signature";
    public static final String KEY_ENCIPHERMENT = "key encipherment";
    public static final String CLIENT_AUTH = "client auth";
    public static final String SERVER_AUTH = "server auth";

    private static final Map<String, Integer> KEY_USAGE = Map.of(
            "signing", KeyUsage.digitalSignature,
            DIGITAL_SIGNATURE, KeyUsage.digitalSignature,
            "content commitment", KeyUsage.nonRepudiation,
            KEY_ENCIPHERMENT, KeyUsage.keyEncipherment,
            "key agreement", KeyUsage.keyAgreement,
            "data encipherment", KeyUsage.dataEncipherment,
            "cert sign", KeyUsage.keyCertSign,
            "crl sign", KeyUsage.cRLSign,
            "encipher only", KeyUsage.encipherOnly,
            "decipher only", KeyUsage.decipherOnly);

    private static final Map<String, KeyPurposeId> EXT_KEY_USAGE = Map.ofEntries(
            Map.entry("any", KeyPurposeId.anyExtendedKeyUsage),
            Map.entry(SERVER_AUTH, KeyPurposeId.id_kp_serverAuth),
            Map.entry(CLIENT_AUTH, KeyPurposeId.id_kp_clientAuth),
            Map.entry("code signing", KeyPurposeId.id_kp_codeSigning),
            Map.entry("email protection", KeyPurposeId.id_kp_emailProtection),
            Map.entry("s/mime", KeyPurposeId.id_kp_emailProtection),
            Map.entry("ipsec end system", KeyPurposeId.id_kp_ipsecEndSystem),
            Map.entry("ipsec tunnel", KeyPurposeId.id_kp_ipsecTunnel),
            Map.entry("ipsec user", KeyPurposeId.id_kp_ipsecUser),
            Map.entry("timestamping", KeyPurposeId.id_kp_timeStamping),
            Map.entry("ocsp signing", KeyPurposeId.id_kp_OCSPSigning),
            Map.entry("microsoft sgc", KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.3"))),
            Map.entry("netscape sgc", KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.16.840.1.113730.4.1"))));

    /** Every value the API accepts, sorted as upstream lists them in "supported values". */
    public static final List<String> ALL;

    static {
        TreeSet<String> all = new TreeSet<>(KEY_USAGE.keySet());
        all.addAll(EXT_KEY_USAGE.keySet());
        ALL = List.copyOf(all);
    }

    private KeyUsages() {
    }

    public static boolean known(String usage) {
        return KEY_USAGE.containsKey(usage) || EXT_KEY_USAGE.containsKey(usage);
    }

    /** The KeyUsage bits of the usages (0 when none). */
    public static int keyUsageBits(List<String> usages) {
        int bits = 0;
        for (String u : usages) {
            bits |= KEY_USAGE.getOrDefault(u, 0);
        }
        return bits;
    }

    /** The extended key usages, without duplicates, in the order asked. */
    public static List<KeyPurposeId> extendedKeyUsages(List<String> usages) {
        Set<KeyPurposeId> out = new LinkedHashSet<>();
        for (String u : usages) {
            KeyPurposeId p = EXT_KEY_USAGE.get(u);
            if (p != null) {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }
}
