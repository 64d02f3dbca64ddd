package io.k3j.auth;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Authenticates a TLS client certificate against the client CA: CN is the user, each O a group.
 * TLS accepts any client certificate (see {@link ClientCertTrust}); this check decides, so a bad
 * certificate yields a 401 Status instead of a failed handshake, as kube-apiserver answers.
 */
public final class X509Authenticator {

    private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";

    private final X509Certificate ca;
    private final Clock clock;

    public X509Authenticator(X509Certificate ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    public UserInfo authenticate(List<Certificate> chain) throws AuthenticationException {
        if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            throw new AuthenticationException("no client certificate");
        }
        if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new AuthenticationException("certificate signed by unknown authority");
        }
        try {
            leaf.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("certificate signed by unknown authority");
        }
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("certificate has expired or is not yet valid");
        }
        try {
            List<String> eku = leaf.getExtendedKeyUsage();
            if (eku != null && !eku.contains(CLIENT_AUTH_EKU) && !eku.contains(ANY_EKU)) {
                throw new AuthenticationException("certificate specifies an incompatible key usage");
            }
        } catch (CertificateParsingException e) {
            throw new AuthenticationException("malformed certificate");
        }
        return fromSubject(leaf);
    }

    /**
     * The user a client certificate names (CN, each O a group, plus system:authenticated), without checking its
     * issuer or validity: for the server's own components, whose in-process clients act as their certificates would.
     */
    public static UserInfo userOf(X509Certificate cert) throws AuthenticationException {
        return fromSubject(cert);
    }

    static UserInfo fromSubject(X509Certificate cert) throws AuthenticationException {
        String cn = null;
        List<String> groups = new ArrayList<>();
        try {
            // getRdns() lists the RDNs in certificate (ASN.1) order, the order Go's pkix.Name keeps the
            // organizations in; like Go, the last CN wins.
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            throw new AuthenticationException("malformed certificate subject");
        }
        if (cn == null || cn.isEmpty()) {
            throw new AuthenticationException("certificate has no common name");
        }
        groups.add(UserInfo.AUTHENTICATED);
        return new UserInfo(cn, groups);
    }
}
