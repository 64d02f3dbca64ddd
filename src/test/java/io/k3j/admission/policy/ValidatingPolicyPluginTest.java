package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.webhook.MapLookup;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ValidatingPolicyPluginTest {

    static Vertx vertx;
    MapLookup lookup;
    ValidatingPolicyPlugin plugin;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @BeforeEach
    void setUp() {
        lookup = new MapLookup();
        lookup.put("", "namespaces", obj("{\"metadata\":{\"name\":\"prod\",\"labels\":{\"env\":\"prod\"}}}"));
        lookup.put("", "namespaces", obj("{\"metadata\":{\"name\":\"dev\"}}"));
        plugin = new ValidatingPolicyPlugin(new AdmissionEnv(vertx, lookup, () -> null, Map.of(), Clock.systemUTC()));
    }

    static ObjectNode obj(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void policy(String name, String specExtra) {
        lookup.put("admissionregistration.k8s.io", "validatingadmissionpolicies", obj("{\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"failurePolicy\":\"Fail\",\"matchConstraints\":{\"resourceRules\":[{\"apiGroups\":[\"apps\"],"
                + "\"apiVersions\":[\"v1\"],\"operations\":[\"CREATE\",\"UPDATE\"],\"resources\":[\"deployments\"]}]},"
                + specExtra + "}}"));
    }

    void binding(String name, String policy, String specExtra) {
        lookup.put("admissionregistration.k8s.io", "validatingadmissionpolicybindings", obj("{\"metadata\":{\"name\":\""
                + name + "\"},\"spec\":{\"policyName\":\"" + policy + "\"," + specExtra + "}}"));
    }

    static AdmissionRequest deployment(String ns, int replicas) {
        return new AdmissionRequest(Operation.CREATE, "apps", "v1", "deployments", "", "Deployment", ns, "web",
                obj("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\""
                        + ns + "\"},\"spec\":{\"replicas\":" + replicas + "}}"), null, null,
                new UserInfo("alice", List.of()), false);
    }

    static void run(Future<Void> f) throws Exception {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static AdmissionDenied denied(Future<Void> f) {
        Throwable t = catchThrowable(() -> run(f));
        assertThat(t).isInstanceOf(AdmissionDenied.class);
        return (AdmissionDenied) t;
    }

    @Test
    void denyBindingRefusesWithUpstreamsText() throws Exception {
        policy("max-replicas", "\"validations\":[{\"expression\":\"object.spec.replicas <= 5\"}]");
        binding("max-replicas-binding", "max-replicas", "\"validationActions\":[\"Deny\"]");

        AdmissionDenied d = denied(plugin.validate(deployment("dev", 6)));
        assertThat(d.code()).isEqualTo(422);
        assertThat(d.reason()).isEqualTo("Invalid");
        assertThat(d.getMessage()).isEqualTo("deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy "
                + "'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5");
        assertThat(d.messageCauses()).containsExactly("ValidatingAdmissionPolicy 'max-replicas' with binding "
                + "'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5");
        run(plugin.validate(deployment("dev", 5)));
    }

    @Test
    void messagesReasonsWarnAndAudit() throws Exception {
        policy("p", "\"validations\":[{\"expression\":\"object.spec.replicas <= 5\",\"message\":\"too many\","
                + "\"reason\":\"Forbidden\"},{\"expression\":\"object.metadata.name != 'web'\","
                + "\"messageExpression\":\"'name ' + object.metadata.name + ' is reserved'\"}]");
        binding("b", "p", "\"validationActions\":[\"Warn\",\"Audit\"]");
        AdmissionRequest r = deployment("dev", 9);
        run(plugin.validate(r));
        assertThat(r.warnings()).containsExactly(
                "Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': too many",
                "Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': name web is reserved");
        assertThat(r.auditAnnotations().get("validation.policy.admission.k8s.io/validation_failure")).isEqualTo(
                "[{\"message\":\"too many\",\"policy\":\"p\",\"binding\":\"b\",\"expressionIndex\":0,\"validationActions\":[\"Warn\",\"Audit\"]},"
                        + "{\"message\":\"name web is reserved\",\"policy\":\"p\",\"binding\":\"b\",\"expressionIndex\":1,\"validationActions\":[\"Warn\",\"Audit\"]}]");

        binding("b", "p", "\"validationActions\":[\"Deny\"]");
        AdmissionDenied d = denied(plugin.validate(deployment("dev", 9)));
        assertThat(d.code()).isEqualTo(403);
        assertThat(d.reason()).isEqualTo("Forbidden");
        assertThat(d.getMessage()).endsWith("denied request: too many");
    }

    @Test
    void paramsVariablesSelectorsAndMatchConditions() throws Exception {
        lookup.put("", "configmaps", obj("{\"metadata\":{\"name\":\"limits\",\"namespace\":\"prod\"},\"data\":{\"max\":\"3\"}}"));
        policy("p", "\"paramKind\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"matchConditions\":[{\"name\":\"not-admin\",\"expression\":\"request.userInfo.username != 'admin'\"}],"
                + "\"variables\":[{\"name\":\"max\",\"expression\":\"int(params.data.max)\"}],"
                + "\"validations\":[{\"expression\":\"object.spec.replicas <= variables.max\","
                + "\"messageExpression\":\"'at most ' + string(variables.max) + ' replicas in ' + namespaceObject.metadata.name\"}]");
        binding("b", "p", "\"validationActions\":[\"Deny\"],\"paramRef\":{\"name\":\"limits\",\"namespace\":\"prod\","
                + "\"parameterNotFoundAction\":\"Deny\"},\"matchResources\":{\"namespaceSelector\":{\"matchLabels\":{\"env\":\"prod\"}}}");

        assertThat(denied(plugin.validate(deployment("prod", 4))).getMessage())
                .endsWith("denied request: at most 3 replicas in prod");
        run(plugin.validate(deployment("dev", 4)));   // binding's namespaceSelector
        run(plugin.validate(deployment("prod", 3)));
        AdmissionRequest admin = new AdmissionRequest(Operation.CREATE, "apps", "v1", "deployments", "", "Deployment",
                "prod", "web", deployment("prod", 9).object(), null, null, new UserInfo("admin", List.of()), false);
        run(plugin.validate(admin));                  // matchCondition false

        lookup.remove("", "configmaps", "prod", "limits");
        assertThat(denied(plugin.validate(deployment("prod", 1))).getMessage()).endsWith("denied request: failed to "
                + "configure binding: no params found for policy binding with `Deny` parameterNotFoundAction");
    }

    @Test
    void evaluationErrorsFollowFailurePolicy() throws Exception {
        policy("p", "\"validations\":[{\"expression\":\"object.spec.missing > 1\"}]");
        binding("b", "p", "\"validationActions\":[\"Deny\"]");
        assertThat(denied(plugin.validate(deployment("dev", 1))).getMessage())
                .contains("denied request: expression 'object.spec.missing > 1' resulted in error: ");

        lookup.put("admissionregistration.k8s.io", "validatingadmissionpolicies", obj("{\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"failurePolicy\":\"Ignore\",\"matchConstraints\":{\"resourceRules\":[{\"apiGroups\":[\"apps\"],"
                + "\"apiVersions\":[\"v1\"],\"operations\":[\"CREATE\"],\"resources\":[\"deployments\"]}]},"
                + "\"validations\":[{\"expression\":\"object.spec.missing > 1\"}]}}"));
        run(plugin.validate(deployment("dev", 1)));
    }

    @Test
    void otherResourcesAndPolicyObjectsAreNotEvaluated() throws Exception {
        policy("p", "\"validations\":[{\"expression\":\"false\"}]");
        binding("b", "p", "\"validationActions\":[\"Deny\"]");
        AdmissionRequest pod = new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "", "Pod", "dev", "x",
                obj("{\"metadata\":{\"name\":\"x\"}}"), null, null, new UserInfo("alice", List.of()), false);
        run(plugin.validate(pod));
        AdmissionRequest vap = new AdmissionRequest(Operation.CREATE, "admissionregistration.k8s.io", "v1",
                "validatingadmissionpolicies", "", "ValidatingAdmissionPolicy", "", "x",
                obj("{\"metadata\":{\"name\":\"x\"}}"), null, null, new UserInfo("alice", List.of()), false);
        assertThat(plugin.handles(vap)).isFalse();
    }
}
