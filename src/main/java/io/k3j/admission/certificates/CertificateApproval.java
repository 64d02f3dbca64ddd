package io.k3j.admission.certificates;

import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.auth.Authorizer;
import io.k3j.pki.csr.CsrObjects;
import io.vertx.core.Future;

/**
 * Upstream's CertificateApproval plugin: an update of {@code certificatesigningrequests/approval} needs the
 * {@code approve} verb on the signer ({@code signers/<signerName>} or {@code signers/<domain>/*}). The new object's
 * signerName is checked, as upstream does (the approval strategy keeps the stored spec anyway).
 */
public final class CertificateApproval implements ValidatingPlugin {

    public static final String NAME = "CertificateApproval";

    private final Authorizer authz;

    public CertificateApproval(AdmissionEnv env) {
        this.authz = env.authorizer();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return SignerAuthorization.isCsr(r, "approval") && r.object() != null;
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        String signer = CsrObjects.signerName(r.object());
        if (!SignerAuthorization.allowed(authz, r.user(), "approve", signer)) {
            return Future.failedFuture(AdmissionDenied.forbidden(r,
                    "user not permitted to approve requests with signerName \"" + signer + "\""));
        }
        return Future.succeededFuture();
    }
}
