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
 * @param requestObject   the decoded request body when the handler recorded it, or null
 * @param requestBody     the request's bytes (JSON or YAML), or null; used when no decoded object was recorded
 */
public record AuditEntry(String auditId, AuditStage stage, AuditPolicy.Decision decision, AuditRequest request,
                         String requestURI, List<String> sourceIPs, String userAgent, int responseCode,
                         Object responseObject, com.fasterxml.jackson.databind.JsonNode requestObject, byte[] requestBody, String requestContentType, Instant received,
                         Instant stageTimestamp, Map<String, String> annotations) {
}
