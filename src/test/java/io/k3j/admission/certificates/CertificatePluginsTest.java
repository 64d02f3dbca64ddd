package io.k3j.admission.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;
import io.k3j.pki.csr.TestCsrs;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CertificatePluginsTest {

    private static final UserInfo ALICE = new UserInfo("alice", List.of("system:authenticated"));

    /** Allows exactly the given "verb signers/name" pairs. */
    private static Authorizer allowing(String... grants) {
        Set<String> allowed = Set.of(grants);
        return new Authorizer() {
            @Override
            public boolean allowedPath(UserInfo user, String verb, String path) {
                return false;
            }

            @Override
            public boolean allowedResource(UserInfo user, String verb, String group, String resource, String sub,
                                           String ns, String name) {
                return group.equals("certificates.k8s.io") && resource.equals("signers") && sub.isEmpty()
                        && allowed.contains(verb + " " + name);
            }
        };
    }

    private static AdmissionEnv env(Authorizer a) {
        return new AdmissionEnv(null, null, () -> null, Map.of(), Clock.systemUTC(), a);
    }

    private static ObjectNode csr(String signer, String pem, String certificate) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putObject("metadata").put("name", "req");
        o.putObject("spec").put("signerName", signer).put("request", TestCsrs.base64(pem)).putArray("usages").add("client auth");
        if (certificate != null) {
            o.putObject("status").put("certificate", certificate);
        }
        return o;
    }

    private static AdmissionRequest request(Operation op, String sub, ObjectNode obj, ObjectNode old) {
        return new AdmissionRequest(op, "certificates.k8s.io", "v1", "certificatesigningrequests", sub,
                "CertificateSigningRequest", "", "req", obj, old, null, ALICE, false);
    }

    private static String outcome(ValidatingPlugin p, AdmissionRequest r) {
        if (!p.handles(r)) {
            return "not handled";
        }
        Future<Void> f = p.validate(r);
        assertThat(f.isComplete()).isTrue();
        if (f.succeeded()) {
            return "allowed";
        }
        AdmissionDenied d = (AdmissionDenied) f.cause();
        return d.code() + " " + d.getMessage();
    }

    @Test
    void approvalNeedsApproveOnTheSignerOrItsDomainWildcard() {
        String pem = TestCsrs.csr("jane");
        ObjectNode obj = csr("example.com/my-signer", pem, null);
        AdmissionRequest r = request(Operation.UPDATE, "approval", obj, obj.deepCopy());
        assertThat(outcome(new CertificateApproval(env(allowing())), r)).isEqualTo("403 certificatesigningrequests.certificates.k8s.io "
                + "\"req\" is forbidden: user not permitted to approve requests with signerName \"example.com/my-signer\"");
        assertThat(outcome(new CertificateApproval(env(allowing("approve example.com/my-signer"))), r)).isEqualTo("allowed");
        assertThat(outcome(new CertificateApproval(env(allowing("approve example.com/*"))), r)).isEqualTo("allowed");
        assertThat(outcome(new CertificateApproval(env(allowing("sign example.com/my-signer", "approve other.com/*"))), r))
                .startsWith("403");
        // Only the approval subresource is its business.
        assertThat(outcome(new CertificateApproval(env(allowing())), request(Operation.UPDATE, "status", obj, obj)))
                .isEqualTo("not handled");
    }

    @Test
    void settingTheCertificateNeedsSign() {
        String pem = TestCsrs.csr("jane");
        ObjectNode old = csr("kubernetes.io/kube-apiserver-client", pem, null);
        ObjectNode issued = csr("kubernetes.io/kube-apiserver-client", pem, "Y2VydA==");
        CertificateSigning none = new CertificateSigning(env(allowing()));
        assertThat(outcome(none, request(Operation.UPDATE, "status", issued, old))).isEqualTo("403 certificatesigningrequests."
                + "certificates.k8s.io \"req\" is forbidden: user not permitted to sign requests with signerName "
                + "\"kubernetes.io/kube-apiserver-client\"");
        assertThat(outcome(new CertificateSigning(env(allowing("sign kubernetes.io/*"))),
                request(Operation.UPDATE, "status", issued, old))).isEqualTo("allowed");
        // A status write that leaves the certificate alone (a condition) needs nothing.
        assertThat(outcome(none, request(Operation.UPDATE, "status", old.deepCopy(), old))).isEqualTo("allowed");
    }

    @Test
    void noSystemMastersThroughTheApiServerClientSigner() {
        CertificateSubjectRestriction p = new CertificateSubjectRestriction(env(allowing()));
        ObjectNode masters = csr("kubernetes.io/kube-apiserver-client", TestCsrs.csr("evil", "system:masters"), null);
        assertThat(outcome(p, request(Operation.CREATE, "", masters, null))).isEqualTo("403 certificatesigningrequests."
                + "certificates.k8s.io \"req\" is forbidden: use of kubernetes.io/kube-apiserver-client signer with "
                + "system:masters group is not allowed");
        assertThat(outcome(p, request(Operation.CREATE, "", csr("kubernetes.io/kube-apiserver-client",
                TestCsrs.csr("jane", "devs"), null), null))).isEqualTo("allowed");
        assertThat(outcome(p, request(Operation.CREATE, "", csr("example.com/other",
                TestCsrs.csr("evil", "system:masters"), null), null))).isEqualTo("allowed");
        ObjectNode garbage = csr("kubernetes.io/kube-apiserver-client", "hello", null);
        assertThat(outcome(p, request(Operation.CREATE, "", garbage, null))).endsWith(
                "is forbidden: failed to parse CSR: PEM block type must be CERTIFICATE REQUEST");
    }
}
