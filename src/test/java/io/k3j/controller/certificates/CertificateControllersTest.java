package io.k3j.controller.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.CsrSigner;
import io.k3j.pki.csr.TestCsrs;
import io.k3j.pki.Pem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateControllersTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration YEAR = Duration.ofHours(8760);

    private static ObjectNode csr(String signer, String pem, String username, String... usages) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putObject("metadata").put("name", "req").put("creationTimestamp", CsrObjects.time(NOW));
        ObjectNode spec = o.putObject("spec").put("signerName", signer).put("request", TestCsrs.base64(pem))
                .put("username", username);
        spec.putArray("groups").add("system:nodes").add("system:authenticated");
        for (String u : usages) {
            spec.withArray("usages").add(u);
        }
        return o;
    }

    private static ObjectNode approved(ObjectNode csr, Instant at) {
        CsrObjects.addCondition(csr, CsrObjects.APPROVED, "KubectlApprove", "", at);
        return csr;
    }

    @Test
    void signsOnlyApprovedRequestsOfItsSigners() {
        String pem = TestCsrs.csr("jane", "devs");
        ObjectNode pending = csr("kubernetes.io/kube-apiserver-client", pem, "admin", "client auth");
        assertThat(SigningPlan.of(pending, YEAR)).isInstanceOf(SigningPlan.Skip.class);
        ObjectNode ok = approved(pending.deepCopy(), NOW);
        assertThat(SigningPlan.of(ok, YEAR)).isInstanceOfSatisfying(SigningPlan.Sign.class, s -> {
            assertThat(s.ca()).isEqualTo(SigningPlan.Ca.CLIENT);
            assertThat(s.ttl()).isEqualTo(YEAR);
        });
        ObjectNode legacy = approved(csr("kubernetes.io/legacy-unknown", pem, "admin", "client auth"), NOW);
        assertThat(SigningPlan.of(legacy, YEAR)).isInstanceOf(SigningPlan.Skip.class);
        ObjectNode foreign = approved(csr("example.com/signer", pem, "admin", "client auth"), NOW);
        assertThat(SigningPlan.of(foreign, YEAR)).isInstanceOf(SigningPlan.Skip.class);
        ObjectNode denied = pending.deepCopy();
        CsrObjects.addCondition(denied, CsrObjects.DENIED, "No", "", NOW);
        assertThat(SigningPlan.of(denied, YEAR)).isInstanceOf(SigningPlan.Skip.class);
        ObjectNode issued = ok.deepCopy();
        issued.with("status").put("certificate", "Y2VydA==");
        assertThat(SigningPlan.of(issued, YEAR)).isInstanceOf(SigningPlan.Skip.class);
    }

    @Test
    void failsRequestsThatBreakTheirSignersRules() {
        ObjectNode bad = approved(csr("kubernetes.io/kube-apiserver-client-kubelet", TestCsrs.csr("jane", "devs"), "jane",
                "digital signature", "client auth"), NOW);
        assertThat(SigningPlan.of(bad, YEAR)).isEqualTo(new SigningPlan.Fail("subject organization is not system:nodes"));
        ObjectNode serverUsage = approved(csr("kubernetes.io/kube-apiserver-client", TestCsrs.csr("jane"), "a",
                "client auth", "server auth"), NOW);
        assertThat(SigningPlan.of(serverUsage, YEAR))
                .isEqualTo(new SigningPlan.Fail("invalid usage for client certificate: server auth"));
        ObjectNode serving = approved(csr("kubernetes.io/kubelet-serving", TestCsrs.csr(TestCsrs.ecKey(), "system:node:n1",
                List.of("system:nodes"), List.of("n1"), List.of(), List.of()), "system:node:n1", "digital signature",
                "server auth"), NOW);
        assertThat(SigningPlan.of(serving, YEAR)).isInstanceOfSatisfying(SigningPlan.Sign.class,
                s -> assertThat(s.ca()).isEqualTo(SigningPlan.Ca.SERVER));
    }

    @Test
    void expirationSecondsIsHonouredBetweenTenMinutesAndTheMaximum() {
        var n = Json.MAPPER.getNodeFactory();
        assertThat(SigningPlan.ttl(n.missingNode(), YEAR)).isEqualTo(YEAR);
        assertThat(SigningPlan.ttl(n.numberNode(3600), YEAR)).isEqualTo(Duration.ofHours(1));
        assertThat(SigningPlan.ttl(n.numberNode(60), YEAR)).isEqualTo(Duration.ofMinutes(10));
        assertThat(SigningPlan.ttl(n.numberNode(Integer.MAX_VALUE), YEAR)).isEqualTo(YEAR);
        assertThat(SigningPlan.ttl(n.numberNode(Integer.MAX_VALUE), Duration.ofHours(2))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void approverRecognizesNodeClientRequestsAndAsksAsTheRequester() {
        String self = TestCsrs.csr("system:node:n1", "system:nodes");
        ObjectNode mine = csr("kubernetes.io/kube-apiserver-client-kubelet", self, "system:node:n1", "digital signature", "client auth");
        CertificateRequest r = CsrObjects.parsedRequest(mine);
        assertThat(CsrApprovingController.RECOGNIZERS).extracting(rec -> rec.recognizes(mine, r)).containsExactly(true, true);
        ObjectNode bootstrap = csr("kubernetes.io/kube-apiserver-client-kubelet", self, "system:bootstrap:abcdef",
                "digital signature", "client auth");
        assertThat(CsrApprovingController.RECOGNIZERS).extracting(rec -> rec.recognizes(bootstrap, r)).containsExactly(false, true);
        ObjectNode notKubelet = csr("kubernetes.io/kube-apiserver-client-kubelet", TestCsrs.csr("jane", "devs"), "jane",
                "digital signature", "client auth");
        CertificateRequest jane = CsrObjects.parsedRequest(notKubelet);
        assertThat(CsrApprovingController.RECOGNIZERS).extracting(rec -> rec.recognizes(notKubelet, jane)).containsExactly(false, false);
        assertThat(CsrApprovingController.pending(mine)).isTrue();
        assertThat(CsrApprovingController.pending(approved(mine.deepCopy(), NOW))).isFalse();

        ObjectNode sar = CsrApprovingController.review(mine, "selfnodeclient");
        assertThat(sar.path("spec").path("user").asText()).isEqualTo("system:node:n1");
        assertThat(sar.path("spec").path("groups")).hasSize(2);
        assertThat(sar.path("spec").path("resourceAttributes").toString()).isEqualTo("{\"group\":\"certificates.k8s.io\","
                + "\"resource\":\"certificatesigningrequests\",\"verb\":\"create\",\"subresource\":\"selfnodeclient\",\"version\":\"*\"}");
    }

    @Test
    void cleanerDeletesWhatUpstreamsDoes() {
        String pem = TestCsrs.csr("jane");
        ObjectNode pending = csr("kubernetes.io/kube-apiserver-client", pem, "a", "client auth");
        assertThat(CsrCleanerController.expired(pending, NOW.plus(Duration.ofHours(23)))).isFalse();
        assertThat(CsrCleanerController.expired(pending, NOW.plus(Duration.ofHours(25)))).isTrue();

        ObjectNode denied = pending.deepCopy();
        CsrObjects.addCondition(denied, CsrObjects.DENIED, "No", "", NOW);
        assertThat(CsrCleanerController.expired(denied, NOW.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(CsrCleanerController.expired(denied, NOW.plus(Duration.ofMinutes(61)))).isTrue();

        // Approved but not issued yet: kept (the signer may still be working on it) until it is pending-old.
        ObjectNode approvedOnly = approved(pending.deepCopy(), NOW);
        assertThat(CsrCleanerController.expired(approvedOnly, NOW.plus(Duration.ofHours(2)))).isFalse();

        var ca = TestCsrs.ca("ca", Duration.ofDays(10));
        CertificateRequest r = CertificateRequest.parse(pem.getBytes(StandardCharsets.US_ASCII));
        ObjectNode issued = approved(pending.deepCopy(), NOW);
        String cert = Pem.encode(CsrSigner.sign(r, List.of("client auth"), ca, Instant.now(), Duration.ofDays(1)));
        issued.with("status").put("certificate", TestCsrs.base64(cert));
        assertThat(CsrCleanerController.expired(issued, NOW.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(CsrCleanerController.expired(issued, NOW.plus(Duration.ofMinutes(61)))).isTrue();
        // Issued and expired: gone whatever the conditions say.
        ObjectNode expiredCert = pending.deepCopy();
        expiredCert.with("status").put("certificate", TestCsrs.base64(cert));
        assertThat(CsrCleanerController.expired(expiredCert, Instant.now().plus(Duration.ofDays(2)))).isTrue();
    }
}
