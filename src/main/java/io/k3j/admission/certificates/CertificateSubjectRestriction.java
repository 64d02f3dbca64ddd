package io.k3j.admission.certificates;

import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrException;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.SignerNames;
import io.vertx.core.Future;

/**
 * Upstream's CertificateSubjectRestriction plugin: a new CSR for the kube-apiserver-client signer may not ask for
 * the {@code system:masters} group (O=system:masters), which would make whoever gets it approved a cluster admin
 * through the privileged-groups authorizer, whatever RBAC says.
 */
public final class CertificateSubjectRestriction implements ValidatingPlugin {

    public static final String NAME = "CertificateSubjectRestriction";

    public CertificateSubjectRestriction(AdmissionEnv env) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.operation() == Operation.CREATE && SignerAuthorization.isCsr(r, "") && r.object() != null;
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        if (!SignerNames.KUBE_APISERVER_CLIENT.equals(CsrObjects.signerName(r.object()))) {
            return Future.succeededFuture();
        }
        CertificateRequest csr;
        try {
            csr = CsrObjects.parsedRequest(r.object());
        } catch (CsrException e) {
            return Future.failedFuture(AdmissionDenied.forbidden(r, "failed to parse CSR: " + e.getMessage()));
        }
        if (csr.organizations().contains("system:masters")) {
            return Future.failedFuture(AdmissionDenied.forbidden(r, "use of " + SignerNames.KUBE_APISERVER_CLIENT
                    + " signer with system:masters group is not allowed"));
        }
        return Future.succeededFuture();
    }
}
