package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.schema.FieldError;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.TestCsrs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsrValidationTest {

    private static ObjectNode csr(String signer, String... usages) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.putObject("metadata").put("name", "req");
        ObjectNode spec = o.putObject("spec").put("signerName", signer).put("request", TestCsrs.base64(TestCsrs.csr("jane")));
        for (String u : usages) {
            spec.withArray("usages").add(u);
        }
        return o;
    }

    private static List<String> texts(List<FieldError> errs) {
        return errs.stream().map(FieldError::toString).toList();
    }

    @Test
    void aValidRequestPasses() {
        assertThat(CsrValidation.create(csr("example.com/signer", "client auth"))).isEmpty();
    }

    @Test
    void createErrorsWithUpstreamsTexts() {
        ObjectNode bad = csr("", "client auth", "bogus", "client auth");
        bad.with("spec").put("request", TestCsrs.base64("hello")).put("expirationSeconds", 599);
        assertThat(texts(CsrValidation.create(bad))).containsExactly(
                "spec.request: Invalid value: \"aGVsbG8=\": PEM block type must be CERTIFICATE REQUEST",
                "spec.usages[1]: Unsupported value: \"bogus\": supported values: \"any\", \"cert sign\", \"client auth\", "
                        + "\"code signing\", \"content commitment\", \"crl sign\", \"data encipherment\", \"decipher only\", "
                        + "\"digital signature\", \"email protection\", \"encipher only\", \"ipsec end system\", \"ipsec tunnel\", "
                        + "\"ipsec user\", \"key agreement\", \"key encipherment\", \"microsoft sgc\", \"netscape sgc\", "
                        + "\"ocsp signing\", \"s/mime\", \"server auth\", \"signing\", \"timestamping\"",
                "spec.usages[2]: Duplicate value: \"client auth\"",
                "spec.signerName: Required value",
                "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)");
        assertThat(texts(CsrValidation.create(csr("kubernetes.io/legacy-unknown")))).containsExactly(
                "spec.usages: Required value",
                "spec.signerName: Invalid value: \"kubernetes.io/legacy-unknown\": the legacy signerName is not allowed via this API version");
        assertThat(texts(CsrValidation.create(csr("no-slash", "client auth")))).containsExactly(
                "spec.signerName: Invalid value: \"no-slash\": must be a fully qualified domain and path of the form 'example.com/signer-name'");
        assertThat(texts(CsrValidation.create(csr("nodots/x", "client auth")))).containsExactly(
                "spec.signerName: Invalid value: \"nodots\": should be a domain with at least two segments separated by dots");
    }

    @Test
    void conditionsRules() {
        ObjectNode both = csr("example.com/s", "client auth");
        CsrObjects.addCondition(both, "Approved", "r", "", Instant.EPOCH);
        CsrObjects.addCondition(both, "Denied", "r", "", Instant.EPOCH);
        CsrObjects.addCondition(both, "Denied", "r", "", Instant.EPOCH);
        ((ObjectNode) both.path("status").path("conditions").get(0)).put("status", "False");
        assertThat(texts(CsrValidation.create(both))).containsExactly(
                "status.conditions[0].status: Unsupported value: \"False\": supported values: \"True\"",
                "status.conditions[1].type: Invalid value: \"Denied\": Approved and Denied conditions are mutually exclusive",
                "status.conditions[2].type: Invalid value: \"Denied\": Approved and Denied conditions are mutually exclusive",
                "status.conditions[2].type: Duplicate value: \"Denied\"");
    }

    @Test
    void updatesKeepApprovalAndCertificateToTheirSubresources() {
        ObjectNode old = csr("example.com/s", "client auth");
        ObjectNode approved = old.deepCopy();
        CsrObjects.addCondition(approved, "Approved", "r", "", Instant.EPOCH);
        assertThat(texts(CsrValidation.update(approved, old, CsrValidation.Allow.NONE))).containsExactly(
                "status.conditions: Forbidden: updates may not add a condition of type \"Approved\"");
        assertThat(CsrValidation.update(approved, old, new CsrValidation.Allow(true, false))).isEmpty();
        assertThat(texts(CsrValidation.update(old, approved, new CsrValidation.Allow(true, false)))).containsExactly(
                "status.conditions: Forbidden: updates may not remove a condition of type \"Approved\"");

        var ca = TestCsrs.ca("ca", java.time.Duration.ofDays(1));
        String certPem = io.k3j.pki.Pem.encode(ca.cert());
        ObjectNode issued = approved.deepCopy();
        issued.with("status").put("certificate", TestCsrs.base64(certPem));
        assertThat(texts(CsrValidation.update(issued, approved, CsrValidation.Allow.NONE))).containsExactly(
                "status.certificate: Forbidden: updates may not set certificate content");
        assertThat(CsrValidation.update(issued, approved, new CsrValidation.Allow(false, true))).isEmpty();
        ObjectNode reissued = issued.deepCopy();
        reissued.with("status").put("certificate", TestCsrs.base64(certPem + certPem));
        assertThat(texts(CsrValidation.update(reissued, issued, new CsrValidation.Allow(false, true)))).containsExactly(
                "status.certificate: Forbidden: updates may not modify existing certificate content");
        ObjectNode garbage = approved.deepCopy();
        garbage.with("status").put("certificate", TestCsrs.base64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        assertThat(texts(CsrValidation.update(garbage, approved, new CsrValidation.Allow(false, true)))).containsExactly(
                "status.certificate: Invalid value: \"<certificate data>\": only CERTIFICATE PEM blocks are allowed, found \"PRIVATE KEY\"");
        ObjectNode empty = approved.deepCopy();
        empty.with("status").put("certificate", TestCsrs.base64("just text"));
        assertThat(texts(CsrValidation.update(empty, approved, new CsrValidation.Allow(false, true)))).containsExactly(
                "status.certificate: Invalid value: \"<certificate data>\": must contain at least one CERTIFICATE PEM block");
    }
}
