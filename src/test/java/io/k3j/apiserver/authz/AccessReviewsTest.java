package io.k3j.apiserver.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.k3j.auth.authz.AuthorizerUnion;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.auth.rbac.ClusterRoleAggregation;
import io.k3j.auth.rbac.RbacAuthorizer;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.auth.rbac.RulesReview;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authorization.k8s.io reviews over the bootstrap policy plus two bindings. */
class AccessReviewsTest {

    static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));
    static final UserInfo ROOT = new UserInfo("root", List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED));

    AccessReviews reviews;

    @BeforeEach
    void setUp() {
        RbacIndex index = new RbacIndex();
        List<ObjectNode> objects = new ArrayList<>(ClusterRoleAggregation.settle(BootstrapPolicy.clusterRoles()));
        objects.addAll(BootstrapPolicy.clusterRoleBindings());
        objects.add(obj("""
                {"kind":"RoleBinding","metadata":{"name":"alice-edit","namespace":"dev"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"edit"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}"""));
        objects.add(obj("""
                {"kind":"RoleBinding","metadata":{"name":"devs-broken","namespace":"dev"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"missing"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]}"""));
        index.replaceAll(objects);
        AuthorizerUnion chain = new AuthorizerUnion(List.of(AuthorizerUnion.PRIVILEGED_GROUPS,
                new RbacAuthorizer(index)::authorize));
        reviews = new AccessReviews(chain, new RulesReview(index));
    }

    static ObjectNode obj(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    static RequestInfo post(String path) {
        return RequestInfo.parse(HttpMethod.POST, path, false);
    }

    ObjectNode review(UserInfo caller, String path, String body) {
        RequestInfo info = post(path);
        assertThat(reviews.handles(info)).as(path).isTrue();
        return reviews.review(caller, info, obj(body));
    }

    static final String SSAR = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    static final String SAR = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
    static final String SSRR = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    @Test
    void handlesOnlyCreatesOfTheFourReviews() {
        assertThat(reviews.handles(post("/apis/authorization.k8s.io/v1/namespaces/dev/localsubjectaccessreviews"))).isTrue();
        assertThat(reviews.handles(post("/apis/authorization.k8s.io/v1/namespaces/dev/selfsubjectaccessreviews"))).isFalse();
        assertThat(reviews.handles(post("/apis/authorization.k8s.io/v1/localsubjectaccessreviews"))).isFalse();
        assertThat(reviews.handles(RequestInfo.parse(HttpMethod.GET, SSAR, false))).isFalse();
        assertThat(reviews.handles(post("/apis/authentication.k8s.io/v1/selfsubjectreviews"))).isFalse();
    }

    @Test
    void selfSubjectAccessReviewAnswersForTheCaller() {
        ObjectNode yes = review(ALICE, SSAR, """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
                 "spec":{"resourceAttributes":{"namespace":"dev","verb":"create","resource":"pods"}}}""");
        assertThat(yes.path("status").path("allowed").asBoolean()).isTrue();
        assertThat(yes.path("status").path("reason").asText())
                .isEqualTo("RBAC: allowed by RoleBinding \"alice-edit/dev\" of ClusterRole \"edit\" to User \"alice\"");
        assertThat(yes.path("spec").path("resourceAttributes").path("resource").asText()).isEqualTo("pods");
        assertThat(yes.path("metadata").path("creationTimestamp").isNull()).isTrue();

        ObjectNode no = review(ALICE, SSAR, """
                {"spec":{"resourceAttributes":{"namespace":"prod","verb":"create","resource":"pods"}}}""");
        assertThat(no.path("status").toString()).isEqualTo("{\"allowed\":false}");

        ObjectNode path = review(ALICE, SSAR, """
                {"spec":{"nonResourceAttributes":{"path":"/apis/apps","verb":"get"}}}""");
        assertThat(path.path("status").path("reason").asText()).isEqualTo(
                "RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group "
                        + "\"system:authenticated\"");
        assertThat(review(ROOT, SSAR, """
                {"spec":{"resourceAttributes":{"verb":"*","resource":"*","group":"*"}}}""")
                .path("status").path("allowed").asBoolean()).isTrue();
    }

    @Test
    void subjectAccessReviewsAnswerForTheSpecsSubjectWithResolutionErrors() {
        ObjectNode bob = review(ROOT, SAR, """
                {"spec":{"user":"bob","groups":["devs"],"resourceAttributes":{"namespace":"dev","verb":"get","resource":"pods"}}}""");
        assertThat(bob.path("status").path("allowed").asBoolean()).isFalse();
        assertThat(bob.path("status").path("reason").asText()).isEqualTo("RBAC: role.rbac.authorization.k8s.io \"missing\" not found");
        ObjectNode alice = review(ROOT, "/apis/authorization.k8s.io/v1/namespaces/dev/localsubjectaccessreviews", """
                {"metadata":{"namespace":"dev"},"spec":{"user":"alice","resourceAttributes":{"namespace":"dev","verb":"delete","resource":"secrets"}}}""");
        assertThat(alice.path("status").path("allowed").asBoolean()).isTrue();
        // The spec's subject is taken as it is: no system:authenticated, so no discovery for a bare user.
        ObjectNode bare = review(ROOT, SAR, """
                {"spec":{"user":"carol","nonResourceAttributes":{"path":"/api","verb":"get"}}}""");
        assertThat(bare.path("status").path("allowed").asBoolean()).isFalse();
    }

    @Test
    void malformedReviewsGetUpstreamsErrors() {
        assertThatThrownBy(() -> review(ROOT, SAR, """
                {"spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}"""))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("SubjectAccessReview.authorization.k8s.io \"\" is invalid: "
                            + "spec.user: Invalid value: \"\": at least one of user or group must be specified");
                });
        assertThatThrownBy(() -> review(ALICE, SSAR, "{\"spec\":{}}"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid "
                                + "value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        assertThatThrownBy(() -> review(ROOT, "/apis/authorization.k8s.io/v1/namespaces/dev/localsubjectaccessreviews", """
                {"spec":{"user":"a","resourceAttributes":{"namespace":"prod","verb":"get","resource":"pods"}}}"""))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("spec.resourceAttributes.namespace must match namespace: dev");
                });
        assertThatThrownBy(() -> review(ROOT, "/apis/authorization.k8s.io/v1/namespaces/dev/localsubjectaccessreviews", """
                {"spec":{"user":"a","nonResourceAttributes":{"path":"/x","verb":"get"}}}"""))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage())
                        .contains("spec.nonResourceAttributes: Invalid value:").contains("disallowed on this kind of request"));
        assertThatThrownBy(() -> review(ALICE, SSRR, "{\"spec\":{}}"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).isEqualTo("no namespace on request"));
    }

    @Test
    void selfSubjectRulesReviewListsTheCallersRulesInTheNamespace() {
        ObjectNode dev = review(ALICE, SSRR, "{\"spec\":{\"namespace\":\"dev\"}}");
        String rules = dev.path("status").path("resourceRules").toString();
        assertThat(rules).contains("selfsubjectaccessreviews").contains("\"secrets\"");
        assertThat(dev.path("status").path("nonResourceRules").toString()).contains("/healthz");
        assertThat(dev.path("status").path("incomplete").asBoolean()).isFalse();
        String prod = review(ALICE, SSRR, "{\"spec\":{\"namespace\":\"prod\"}}").path("status").path("resourceRules").toString();
        assertThat(prod).contains("selfsubjectaccessreviews").doesNotContain("\"secrets\"");
    }
}
