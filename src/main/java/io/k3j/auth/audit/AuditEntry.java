package io.k3j.auth.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one audit event records, captured on the event loop and turned into JSON on the writer thread
 * ({@link AuditEvents}), so serialising large objects never delays a request.
 *
 * @param responseCode    0 before a response exists (RequestReceived)
 * @param responseObject  the object sent (a Jackson JsonNode or a Vert.x JsonObject), or null
 * @param requestBody     the request's bytes (JSON or YAML), or null; recorded only from level Request
 */
public record AuditEntry(String auditId, AuditStage stage, AuditPolicy.Decision decision, AuditRequest request,
                         String requestURI, List<String> sourceIPs, String userAgent, int responseCode,
                         Object responseObject, byte[] requestBody, String requestContentType, Instant received,
                         Instant stageTimestamp, Map<String, String> annotations) {
}
