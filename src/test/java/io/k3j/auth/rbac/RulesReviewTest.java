package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.PolicyRule.verbs;
import static io.k3j.auth.rbac.RbacFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RulesReviewTest {

    private static RulesReview review;

    @BeforeAll
    static void load() {
        review = new RulesReview(RbacFixture.index());
    }

    @Test
    void clusterRulesThenNamespaceRulesUnmerged() {
        RulesReview.Result r = review.review(user("carol"), "dev");
        // Cluster bindings in name order: carol-secret, system:basic-user (system:discovery, system:public-info-viewer
        // and the issuer discovery grant only URLs).
        assertThat(r.resourceRules()).containsExactly(
                verbs("get").groups("").resources("secrets").names("db-pass"),
                verbs("create").groups("authorization.k8s.io").resources("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
                verbs("create").groups("authentication.k8s.io").resources("selfsubjectreviews"));
        assertThat(r.nonResourceRules()).containsExactly(
                verbs("get").urls("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*",
                        "/readyz", "/version", "/version/"),
                verbs("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/"));
        assertThat(r.incomplete()).isFalse();
        assertThat(r.evaluationError()).isEmpty();
    }

    @Test
    void namespaceBindingsCountOnlyInTheirNamespace() {
        List<PolicyRule> dev = review.review(user("builder"), "dev").resourceRules();
        List<PolicyRule> prod = review.review(user("builder"), "prod").resourceRules();
        // Rules come back as stored: verbs in the Role's own order.
        PolicyRule cm = new PolicyRule(List.of("update", "patch"), List.of(""), List.of("configmaps"), List.of("app-config"),
                List.of());
        assertThat(dev).contains(cm);
        assertThat(prod).doesNotContain(cm);
        // ServiceAccounts read the issuer discovery documents.
        assertThat(review.review(user("builder"), "prod").nonResourceRules())
                .contains(verbs("get").urls("/.well-known/openid-configuration", "/openid/v1/jwks"));
    }

    @Test
    void missingRolesBecomeTheEvaluationError() {
        RulesReview.Result r = review.review(user("erin"), "dev");
        assertThat(r.evaluationError()).isEqualTo("[clusterrole.rbac.authorization.k8s.io \"does-not-exist\" not found, "
                + "role.rbac.authorization.k8s.io \"nope\" not found]");
        assertThat(r.incomplete()).isFalse();
    }

    @Test
    void statusJsonHasUpstreamsShape() throws Exception {
        ObjectNode status = review.review(user("dave"), "").statusJson();
        assertThat(status.get("incomplete").asBoolean()).isFalse();
        assertThat(status.has("evaluationError")).isFalse();
        assertThat(status.get("resourceRules").get(0)).isEqualTo(Json.MAPPER.readTree(
                "{\"verbs\":[\"create\"],\"apiGroups\":[\"authorization.k8s.io\"],"
                        + "\"resources\":[\"selfsubjectaccessreviews\",\"selfsubjectrulesreviews\"]}"));
        assertThat(status.get("nonResourceRules")).contains(Json.MAPPER.readTree(
                "{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/metrics\",\"/logs/*\",\"/raw*\"]}"));
        ObjectNode erin = review.review(user("erin"), "").statusJson();
        assertThat(erin.get("evaluationError").asText()).isEqualTo("clusterrole.rbac.authorization.k8s.io \"does-not-exist\" not found");
    }

    @Test
    void mastersSeeClusterAdminRules() {
        RulesReview.Result r = review.review(user("admin"), "default");
        assertThat(r.resourceRules()).contains(verbs("*").groups("*").resources("*"));
        assertThat(r.nonResourceRules()).contains(verbs("*").urls("*"));
    }
}
