package io.k3j.admission.certificates;

import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;
import io.k3j.pki.csr.SignerNames;

/**
 * Upstream's IsAuthorizedForSignerName: the verb on resource {@code signers} of certificates.k8s.io named exactly
 * the signerName, or else named {@code <domain>/*}.
 */
final class SignerAuthorization {

    static final String GROUP = "certificates.k8s.io";

    private SignerAuthorization() {
    }

    static boolean allowed(Authorizer authz, UserInfo user, String verb, String signerName) {
        return authz.allowedResource(user, verb, GROUP, "signers", "", "", signerName)
                || authz.allowedResource(user, verb, GROUP, "signers", "", "", SignerNames.wildcard(signerName));
    }

    static boolean isCsr(io.k3j.admission.AdmissionRequest r, String subresource) {
        return r.group().equals(GROUP) && r.resource().equals("certificatesigningrequests")
                && r.subresource().equals(subresource);
    }
}
