package io.k3j.pki.csr;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What upstream requires of a kubelet's client and serving CSRs (both signers refuse anything else): subject
 * {@code O=system:nodes} exactly, {@code CN=system:node:<name>}, the SAN kinds each may carry and the exact usage
 * sets (with or without "key encipherment", which only RSA keys need). Messages are upstream's.
 */
public final class KubeletCsrRules {

    public static final String NODES_GROUP = "system:nodes";
    public static final String NODE_PREFIX = "system:node:";

    private static final Set<String> CLIENT = Set.of(KeyUsages.DIGITAL_SIGNATURE, KeyUsages.KEY_ENCIPHERMENT,
            KeyUsages.CLIENT_AUTH);
    private static final Set<String> CLIENT_NO_RSA = Set.of(KeyUsages.DIGITAL_SIGNATURE, KeyUsages.CLIENT_AUTH);
    private static final Set<String> SERVING = Set.of(KeyUsages.DIGITAL_SIGNATURE, KeyUsages.KEY_ENCIPHERMENT,
            KeyUsages.SERVER_AUTH);
    private static final Set<String> SERVING_NO_RSA = Set.of(KeyUsages.DIGITAL_SIGNATURE, KeyUsages.SERVER_AUTH);

    private KubeletCsrRules() {
    }

    /** @throws CsrException when the request is no valid kubelet client CSR */
    public static void checkClient(CertificateRequest r, List<String> usages) {
        if (!r.organizations().equals(List.of(NODES_GROUP))) {
            throw new CsrException("subject organization is not system:nodes");
        }
        if (!r.dnsNames().isEmpty()) {
            throw new CsrException("DNS subjectAltNames are not allowed");
        }
        if (!r.emailAddresses().isEmpty()) {
            throw new CsrException("Email subjectAltNames are not allowed");
        }
        if (!r.ipAddresses().isEmpty()) {
            throw new CsrException("IP subjectAltNames are not allowed");
        }
        if (!r.uris().isEmpty()) {
            throw new CsrException("URI subjectAltNames are not allowed");
        }
        if (!r.commonName().startsWith(NODE_PREFIX)) {
            throw new CsrException("subject common name does not begin with system:node:");
        }
        Set<String> u = new HashSet<>(usages);
        if (!u.equals(CLIENT) && !u.equals(CLIENT_NO_RSA)) {
            throw new CsrException("usages did not match [client auth digital signature key encipherment]");
        }
    }

    /** @throws CsrException when the request is no valid kubelet serving CSR */
    public static void checkServing(CertificateRequest r, List<String> usages) {
        if (!r.organizations().equals(List.of(NODES_GROUP))) {
            throw new CsrException("subject organization is not system:nodes");
        }
        if (r.dnsNames().isEmpty() && r.ipAddresses().isEmpty()) {
            throw new CsrException("DNS or IP subjectAltName is required");
        }
        if (!r.emailAddresses().isEmpty()) {
            throw new CsrException("Email subjectAltNames are not allowed");
        }
        if (!r.uris().isEmpty()) {
            throw new CsrException("URI subjectAltNames are not allowed");
        }
        Set<String> u = new HashSet<>(usages);
        if (!u.equals(SERVING) && !u.equals(SERVING_NO_RSA)) {
            throw new CsrException("usages did not match [digital signature key encipherment server auth]");
        }
        if (!r.commonName().startsWith(NODE_PREFIX)) {
            throw new CsrException("subject common name does not begin with system:node:");
        }
    }

    /** Whether the request is a kubelet client CSR (the approver's recognizer). */
    public static boolean isClient(CertificateRequest r, List<String> usages) {
        try {
            checkClient(r, usages);
            return true;
        } catch (CsrException e) {
            return false;
        }
    }

    /** The kube-apiserver-client signer's usage rule. */
    public static void checkApiServerClientUsages(List<String> usages) {
        boolean clientAuth = false;
        for (String u : usages) {
            switch (u) {
                case KeyUsages.DIGITAL_SIGNATURE, KeyUsages.KEY_ENCIPHERMENT -> { }
                case KeyUsages.CLIENT_AUTH -> clientAuth = true;
                default -> throw new CsrException("invalid usage for client certificate: " + u);
            }
        }
        if (!clientAuth) {
            throw new CsrException("missing required usage for client certificate: client auth");
        }
    }
}
