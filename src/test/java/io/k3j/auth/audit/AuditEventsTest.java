package io.k3j.auth.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UserInfo ADMIN = new UserInfo("system:admin", List.of("system:masters", "system:authenticated"));
    private static final String SECRET_BODY = """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","managedFields":[{"manager":"kubectl"}]},
             "data":{"password":"aHVudGVyMg=="}}""";

    private static AuditEntry create(AuditLevel level, AuditStage stage, boolean omitManagedFields) throws Exception {
        AuditRequest r = new AuditRequest(ADMIN, "create", true, "", "v1", "default", "secrets", "", "", "/api/v1/namespaces/default/secrets");
        JsonNode response = JSON.readTree(SECRET_BODY.replace("\"db\"", "\"db\",\"uid\":\"u1\""));
        return new AuditEntry("a1b2", stage, new AuditPolicy.Decision(level, Set.of(), omitManagedFields), r,
                "/api/v1/namespaces/default/secrets?fieldManager=kubectl-create", List.of("10.0.0.1", "127.0.0.1"),
                "kubectl/v1.33.0", stage == AuditStage.REQUEST_RECEIVED ? 0 : 201, response, null,
                SECRET_BODY.getBytes(StandardCharsets.UTF_8), "application/json",
                Instant.parse("2026-11-28T13:00:00.123456Z"), Instant.parse("2026-11-28T13:00:00.234567Z"),
                Map.of("authorization.k8s.io/decision", "allow"));
    }

    @Test
    void metadataLevelCarriesWhoWhatAndOutcomeButNoObject() throws Exception {
        JsonNode ev = AuditEvents.toJson(create(AuditLevel.METADATA, AuditStage.RESPONSE_COMPLETE, false));
        assertThat(ev.path("kind").asText()).isEqualTo("Event");
        assertThat(ev.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
        assertThat(ev.path("level").asText()).isEqualTo("Metadata");
        assertThat(ev.path("auditID").asText()).isEqualTo("a1b2");
        assertThat(ev.path("stage").asText()).isEqualTo("ResponseComplete");
        assertThat(ev.path("verb").asText()).isEqualTo("create");
        assertThat(ev.path("requestURI").asText()).isEqualTo("/api/v1/namespaces/default/secrets?fieldManager=kubectl-create");
        assertThat(ev.path("user").toString()).isEqualTo(
                "{\"username\":\"system:admin\",\"groups\":[\"system:masters\",\"system:authenticated\"]}");
        assertThat(ev.path("sourceIPs").toString()).isEqualTo("[\"10.0.0.1\",\"127.0.0.1\"]");
        assertThat(ev.path("userAgent").asText()).isEqualTo("kubectl/v1.33.0");
        assertThat(ev.path("objectRef").toString()).isEqualTo(
                "{\"resource\":\"secrets\",\"namespace\":\"default\",\"name\":\"db\",\"apiVersion\":\"v1\"}");
        assertThat(ev.path("responseStatus").toString()).isEqualTo("{\"metadata\":{},\"code\":201}");
        assertThat(ev.path("requestReceivedTimestamp").asText()).isEqualTo("2026-11-28T13:00:00.123456Z");
        assertThat(ev.path("stageTimestamp").asText()).isEqualTo("2026-11-28T13:00:00.234567Z");
        assertThat(ev.path("annotations").path("authorization.k8s.io/decision").asText()).isEqualTo("allow");
        assertThat(ev.has("requestObject")).isFalse();
        assertThat(ev.has("responseObject")).isFalse();
        assertThat(ev.toString()).doesNotContain("aHVudGVyMg").doesNotContain("password");
    }

    @Test
    void requestAndRequestResponseLevelsAddTheObjects() throws Exception {
        JsonNode request = AuditEvents.toJson(create(AuditLevel.REQUEST, AuditStage.RESPONSE_COMPLETE, false));
        assertThat(request.path("requestObject").path("data").path("password").asText()).isEqualTo("aHVudGVyMg==");
        assertThat(request.has("responseObject")).isFalse();
        JsonNode full = AuditEvents.toJson(create(AuditLevel.REQUEST_RESPONSE, AuditStage.RESPONSE_COMPLETE, true));
        assertThat(full.path("responseObject").path("metadata").path("uid").asText()).isEqualTo("u1");
        assertThat(full.path("responseObject").path("metadata").has("managedFields")).isFalse();
        assertThat(full.path("requestObject").path("metadata").has("managedFields")).isFalse();
        JsonNode received = AuditEvents.toJson(create(AuditLevel.REQUEST_RESPONSE, AuditStage.REQUEST_RECEIVED, false));
        assertThat(received.has("responseStatus")).isFalse();
        assertThat(received.has("responseObject")).isFalse();
    }

    @Test
    void failuresCarryTheStatusReasonAndMessage() {
        AuditRequest r = new AuditRequest(ADMIN, "get", true, "apps", "v1", "default", "deployments", "", "web", "/apis/apps/v1/x");
        io.vertx.core.json.JsonObject status = new io.vertx.core.json.JsonObject().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", "deployments.apps \"web\" not found").put("reason", "NotFound")
                .put("details", new io.vertx.core.json.JsonObject().put("name", "web")).put("code", 404);
        JsonNode ev = AuditEvents.toJson(new AuditEntry("x", AuditStage.RESPONSE_COMPLETE,
                new AuditPolicy.Decision(AuditLevel.METADATA, Set.of(), false), r, "/apis/apps/v1/x", List.of(), null,
                404, status, null, null, null, Instant.EPOCH, Instant.EPOCH, Map.of()));
        assertThat(ev.path("responseStatus").path("reason").asText()).isEqualTo("NotFound");
        assertThat(ev.path("responseStatus").path("status").asText()).isEqualTo("Failure");
        assertThat(ev.path("responseStatus").path("code").asInt()).isEqualTo(404);
        assertThat(ev.path("responseStatus").path("details").toString()).isEqualTo("{\"name\":\"web\"}");
        assertThat(ev.path("objectRef").path("apiGroup").asText()).isEqualTo("apps");
        assertThat(ev.has("userAgent")).isFalse();
        assertThat(ev.has("annotations")).isFalse();
    }
}
