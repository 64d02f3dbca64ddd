package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.k3j.api.schema.FieldError;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrException;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.KeyUsages;
import io.k3j.pki.csr.SignerNames;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's CertificateSigningRequest validation, with its texts: the request must be a PKCS#10 CSR with a valid
 * signature, usages known and unique, a signerName of the form {@code domain/path}, expirationSeconds at least 600,
 * conditions well-formed (Approved and Denied exclusive, Approved/Denied/Failed only True), status.certificate PEM
 * CERTIFICATE blocks only; on update, conditions of those types never removed, approval conditions only through
 * {@code /approval}, the certificate only through {@code /status} and only once. Problems already stored in an old
 * object are tolerated, as upstream does for compatibility.
 */
final class CsrValidation {

    static final String KIND = "CertificateSigningRequest";
    static final String GROUP = "certificates.k8s.io";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> TRUE_ONLY = Set.of(CsrObjects.APPROVED, CsrObjects.DENIED, CsrObjects.FAILED);

    /** Which subresource-only changes this write may make. */
    record Allow(boolean approvalConditions, boolean certificate) {
        static final Allow NONE = new Allow(false, false);
    }

    private CsrValidation() {
    }

    static List<FieldError> create(JsonNode csr) {
        return validate(csr, null);
    }

    static List<FieldError> update(JsonNode csr, JsonNode old, Allow allow) {
        List<FieldError> errs = validate(csr, old);
        for (String t : List.of(CsrObjects.APPROVED, CsrObjects.DENIED, CsrObjects.FAILED)) {
            if (conditions(csr, t).size() < conditions(old, t).size()) {
                errs.add(FieldError.forbidden("status.conditions", "updates may not remove a condition of type \"" + t + "\""));
            }
        }
        if (!allow.approvalConditions()) {
            for (String t : List.of(CsrObjects.APPROVED, CsrObjects.DENIED)) {
                List<JsonNode> before = conditions(old, t);
                List<JsonNode> after = conditions(csr, t);
                if (after.size() > before.size()) {
                    errs.add(FieldError.forbidden("status.conditions", "updates may not add a condition of type \"" + t + "\""));
                } else if (after.size() == before.size() && !after.equals(before)) {
                    errs.add(FieldError.forbidden("status.conditions", "updates may not modify a condition of type \"" + t + "\""));
                }
            }
        }
        if (!certText(csr).equals(certText(old))) {
            if (!allow.certificate()) {
                errs.add(FieldError.forbidden("status.certificate", "updates may not set certificate content"));
            } else if (!certText(old).isEmpty()) {
                errs.add(FieldError.forbidden("status.certificate", "updates may not modify existing certificate content"));
            }
        }
        return errs;
    }

    private static List<FieldError> validate(JsonNode csr, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode spec = csr.path("spec");
        String request = spec.path("request").asText("");
        try {
            CertificateRequest.parseAndVerify(CertificateRequest.decodeBase64(request));
        } catch (CsrException e) {
            errs.add(FieldError.invalid("spec.request", TextNode.valueOf(request), e.getMessage()));
        }
        List<String> usages = CsrObjects.usages(csr);
        if (usages.isEmpty()) {
            errs.add(FieldError.required("spec.usages", ""));
        }
        if (old == null || CsrObjects.usages(old).stream().allMatch(KeyUsages::known)) {
            for (int i = 0; i < usages.size(); i++) {
                if (!KeyUsages.known(usages.get(i))) {
                    errs.add(FieldError.notSupported("spec.usages[" + i + "]", TextNode.valueOf(usages.get(i)), KeyUsages.ALL));
                }
            }
        }
        if (old == null || new HashSet<>(CsrObjects.usages(old)).size() == CsrObjects.usages(old).size()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < usages.size(); i++) {
                if (!seen.add(usages.get(i))) {
                    errs.add(FieldError.duplicate("spec.usages[" + i + "]", TextNode.valueOf(usages.get(i))));
                }
            }
        }
        String signer = CsrObjects.signerName(csr);
        boolean legacyAllowed = old != null && SignerNames.LEGACY_UNKNOWN.equals(CsrObjects.signerName(old));
        if (!legacyAllowed && SignerNames.LEGACY_UNKNOWN.equals(signer)) {
            errs.add(FieldError.invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API version"));
        } else {
            errs.addAll(signerName(signer));
        }
        JsonNode exp = spec.path("expirationSeconds");
        if (exp.isNumber() && exp.asLong() < 600) {
            errs.add(FieldError.invalid("spec.expirationSeconds", IntNode.valueOf(exp.asInt()),
                    "may not specify a duration less than 600 seconds (10 minutes)"));
        }
        errs.addAll(conditions(csr, old));
        boolean certUnchanged = old != null && certText(csr).equals(certText(old));
        boolean oldCertBad = old != null && certificateProblem(CsrObjects.certificate(old)) != null;
        if (!certUnchanged && !oldCertBad) {
            String problem = certificateProblem(CsrObjects.certificate(csr));
            if (problem != null) {
                errs.add(FieldError.invalid("status.certificate", "<certificate data>", problem));
            }
        }
        return errs;
    }

    /** apivalidation.ValidateSignerName. */
    static List<FieldError> signerName(String name) {
        List<FieldError> errs = new ArrayList<>();
        if (name.isEmpty()) {
            errs.add(FieldError.required("spec.signerName", ""));
            return errs;
        }
        String[] parts = name.split("/", -1);
        if (parts.length != 2) {
            errs.add(FieldError.invalid("spec.signerName", name,
                    "must be a fully qualified domain and path of the form 'example.com/signer-name'"));
            return errs;
        }
        String domain = parts[0];
        if (domain.length() > 253) {
            errs.add(FieldError.tooLong("spec.signerName", 253));
        }
        String[] labels = domain.split("\\.", -1);
        for (String l : labels) {
            if (l.length() > 63 || !DNS_LABEL.matcher(l).matches()) {
                errs.add(FieldError.invalid("spec.signerName", domain, "validating label \"" + l + "\": "
                        + (l.length() > 63 ? "must be no more than 63 characters"
                        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")));
                break;
            }
        }
        if (labels.length < 2) {
            errs.add(FieldError.invalid("spec.signerName", domain, "should be a domain with at least two segments separated by dots"));
        }
        String path = parts[1];
        // The whole name may be 571 characters: a 253-character domain, '/', and the path.
        int maxPath = 317;
        if (path.length() > maxPath) {
            errs.add(FieldError.tooLong("spec.signerName", maxPath));
        }
        for (String component : path.split("\\.", -1)) {
            if (component.isEmpty() || component.length() > 253 || !DNS_SUBDOMAIN.matcher(component).matches()) {
                errs.add(FieldError.invalid("spec.signerName", path, "validating component \"" + component + "\": "
                        + "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
            }
        }
        return errs;
    }

    private static List<FieldError> conditions(JsonNode csr, JsonNode old) {
        List<FieldError> errs = new ArrayList<>();
        boolean allowBoth = old != null && !conditions(old, CsrObjects.APPROVED).isEmpty()
                && !conditions(old, CsrObjects.DENIED).isEmpty();
        boolean allowDup = old != null && hasDuplicateTypes(old);
        boolean allowEmptyType = old != null && hasEmptyType(old);
        Set<String> seen = new HashSet<>();
        boolean approved = false;
        boolean denied = false;
        int i = 0;
        for (JsonNode c : csr.path("status").path("conditions")) {
            String at = "status.conditions[" + i++ + "]";
            String type = c.path("type").asText("");
            String status = c.path("status").asText("");
            if (!allowEmptyType && type.isEmpty()) {
                errs.add(FieldError.required(at + ".type", ""));
            }
            List<String> allowed = TRUE_ONLY.contains(type) ? List.of("True") : List.of("False", "True", "Unknown");
            if (status.isEmpty()) {
                errs.add(FieldError.required(at + ".status", ""));
            } else if (!allowed.contains(status)) {
                errs.add(FieldError.notSupported(at + ".status", TextNode.valueOf(status), allowed));
            }
            if (!allowBoth) {
                if (type.equals(CsrObjects.APPROVED)) {
                    approved = true;
                    if (denied) {
                        errs.add(FieldError.invalid(at + ".type", type, "Approved and Denied conditions are mutually exclusive"));
                    }
                } else if (type.equals(CsrObjects.DENIED)) {
                    denied = true;
                    if (approved) {
                        errs.add(FieldError.invalid(at + ".type", type, "Approved and Denied conditions are mutually exclusive"));
                    }
                }
            }
            if (!allowDup && !seen.add(type)) {
                errs.add(FieldError.duplicate(at + ".type", TextNode.valueOf(type)));
            }
        }
        return errs;
    }

    /** Go's pem.Decode walk: non-PEM text is skipped; every block must be a header-less CERTIFICATE. */
    static String certificateProblem(byte[] pem) {
        if (pem.length == 0) {
            return null;
        }
        String text = new String(pem, StandardCharsets.US_ASCII);
        int blocks = 0;
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                break;
            }
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) {
                break;
            }
            String type = text.substring(begin + 11, typeEnd);
            String endMarker = "-----END " + type + "-----";
            int end = text.indexOf(endMarker, typeEnd);
            if (end < 0) {
                break;
            }
            if (!type.equals("CERTIFICATE")) {
                return "only CERTIFICATE PEM blocks are allowed, found \"" + type + "\"";
            }
            String body = text.substring(typeEnd + 5, end);
            if (body.contains(":")) {
                return "no PEM block headers are permitted";
            }
            blocks++;
            try {
                byte[] der = Base64.getMimeDecoder().decode(body.strip());
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException | IllegalArgumentException e) {
                return "x509: malformed certificate";
            }
            from = end + endMarker.length();
        }
        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    private static List<JsonNode> conditions(JsonNode csr, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean hasDuplicateTypes(JsonNode csr) {
        Set<String> seen = new HashSet<>();
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (!seen.add(c.path("type").asText(""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasEmptyType(JsonNode csr) {
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (c.path("type").asText("").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String certText(JsonNode csr) {
        return Objects.requireNonNullElse(csr.path("status").path("certificate").asText(null), "");
    }
}
