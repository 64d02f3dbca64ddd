package io.k3j.controller.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrException;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.KubeletCsrRules;
import io.k3j.pki.csr.SignerNames;

import java.time.Duration;
import java.util.List;

/**
 * What upstream's signing controller does with one CSR: nothing (not approved, failed, already issued, or a signer
 * it does not run), a Failed condition (the request breaks its signer's rules), or a certificate from the signer's
 * CA for the duration asked (spec.expirationSeconds, at least 10 minutes, at most --cluster-signing-duration).
 */
sealed interface SigningPlan {

    /** Which of the cluster's CAs signs: K3s points the client signers at the client CA, kubelet-serving at the server CA. */
    enum Ca { CLIENT, SERVER }

    record Skip() implements SigningPlan {
    }

    record Fail(String message) implements SigningPlan {
    }

    record Sign(Ca ca, CertificateRequest request, List<String> usages, Duration ttl) implements SigningPlan {
    }

    Duration MIN_TTL = Duration.ofMinutes(10);

    static SigningPlan of(JsonNode csr, Duration maxTtl) {
        if (!CsrObjects.approved(csr) || CsrObjects.isTrue(csr, CsrObjects.FAILED) || CsrObjects.hasCertificate(csr)) {
            return new Skip();
        }
        String signer = CsrObjects.signerName(csr);
        Ca ca = switch (signer) {
            case SignerNames.KUBE_APISERVER_CLIENT, SignerNames.KUBE_APISERVER_CLIENT_KUBELET -> Ca.CLIENT;
            case SignerNames.KUBELET_SERVING -> Ca.SERVER;
            default -> null; // legacy-unknown and other signers are never ours
        };
        if (ca == null) {
            return new Skip();
        }
        CertificateRequest request;
        try {
            request = CsrObjects.parsedRequest(csr);
        } catch (CsrException e) {
            return new Skip(); // validation on create makes this unreachable; nothing sensible to sign
        }
        List<String> usages = CsrObjects.usages(csr);
        try {
            switch (signer) {
                case SignerNames.KUBE_APISERVER_CLIENT -> KubeletCsrRules.checkApiServerClientUsages(usages);
                case SignerNames.KUBE_APISERVER_CLIENT_KUBELET -> KubeletCsrRules.checkClient(request, usages);
                default -> KubeletCsrRules.checkServing(request, usages);
            }
        } catch (CsrException e) {
            return new Fail(e.getMessage());
        }
        return new Sign(ca, request, usages, ttl(csr.path("spec").path("expirationSeconds"), maxTtl));
    }

    static Duration ttl(JsonNode expirationSeconds, Duration max) {
        if (!expirationSeconds.isNumber()) {
            return max;
        }
        Duration asked = Duration.ofSeconds(expirationSeconds.asLong());
        if (asked.compareTo(max) > 0) {
            return max;
        }
        return asked.compareTo(MIN_TTL) < 0 ? MIN_TTL : asked;
    }
}
