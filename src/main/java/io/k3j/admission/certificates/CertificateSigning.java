package io.k3j.admission.certificates;

import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.auth.Authorizer;
import io.k3j.pki.csr.CsrObjects;
import io.vertx.core.Future;

/**
 * Upstream's CertificateSigning plugin: an update of {@code certificatesigningrequests/status} that changes
 * status.certificate needs the {@code sign} verb on the stored object's signer. Status writes that leave the
 * certificate alone (a Failed condition, say) pass.
 */
public final class CertificateSigning implements ValidatingPlugin {

    public static final String NAME = "CertificateSigning";

    private final Authorizer authz;

    public CertificateSigning(AdmissionEnv env) {
        this.authz = env.authorizer();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return SignerAuthorization.isCsr(r, "status") && r.object() != null && r.oldObject() != null;
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        String before = r.oldObject().path("status").path("certificate").asText("");
        String after = r.object().path("status").path("certificate").asText("");
        if (before.equals(after)) {
            return Future.succeededFuture();
        }
        String signer = CsrObjects.signerName(r.oldObject());
        if (!SignerAuthorization.allowed(authz, r.user(), "sign", signer)) {
            return Future.failedFuture(AdmissionDenied.forbidden(r,
                    "user not permitted to sign requests with signerName \"" + signer + "\""));
        }
        return Future.succeededFuture();
    }
}
