package io.k3j.pki.csr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reading and changing CertificateSigningRequest objects as JSON (the API's wire form: request and certificate base64). */
public final class CsrObjects {

    public static final String APPROVED = "Approved";
    public static final String DENIED = "Denied";
    public static final String FAILED = "Failed";

    private CsrObjects() {
    }

    public static String signerName(JsonNode csr) {
        return csr.path("spec").path("signerName").asText("");
    }

    public static List<String> usages(JsonNode csr) {
        List<String> out = new ArrayList<>();
        csr.path("spec").path("usages").forEach(u -> out.add(u.asText()));
        return out;
    }

    /** The PEM bytes of spec.request. @throws CsrException when it is not base64 */
    public static byte[] request(JsonNode csr) {
        return CertificateRequest.decodeBase64(csr.path("spec").path("request").asText(""));
    }

    public static CertificateRequest parsedRequest(JsonNode csr) {
        return CertificateRequest.parse(request(csr));
    }

    /** The issued PEM bytes of status.certificate, empty when there is none (or it is not base64). */
    public static byte[] certificate(JsonNode csr) {
        String text = csr.path("status").path("certificate").asText("");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    public static boolean hasCertificate(JsonNode csr) {
        return !csr.path("status").path("certificate").asText("").isEmpty();
    }

    public static Optional<JsonNode> condition(JsonNode csr, String type) {
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Upstream's IsCertificateRequestApproved: Approved and not Denied. */
    public static boolean approved(JsonNode csr) {
        return isTrue(csr, APPROVED) && !isTrue(csr, DENIED);
    }

    public static boolean isTrue(JsonNode csr, String type) {
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Appends a True condition with the given reason and message, lastUpdateTime now. */
    public static void addCondition(ObjectNode csr, String type, String reason, String message, Instant now) {
        ArrayNode conditions = csr.with("status").withArray("conditions");
        ObjectNode c = conditions.addObject();
        c.put("type", type).put("status", "True").put("reason", reason).put("message", message)
                .put("lastUpdateTime", time(now));
    }

    public static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
