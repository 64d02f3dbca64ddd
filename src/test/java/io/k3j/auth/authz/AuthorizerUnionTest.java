package io.k3j.auth.authz;

import io.k3j.auth.BootstrapPolicyAuthorizer;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizerUnionTest {

    static final UserInfo MASTER = new UserInfo("root", List.of(UserInfo.MASTERS, UserInfo.AUTHENTICATED));
    static final UserInfo BOB = new UserInfo("bob", List.of(UserInfo.AUTHENTICATED));
    static final Attributes GET_POD = Attributes.resource("get", "", "pods", "", "dev", "p");

    @Test
    void theFirstMemberThatAllowsDecidesWithItsReason() {
        AuthorizerUnion u = new AuthorizerUnion(List.of(
                (user, a) -> new Decision(false, ""),
                (user, a) -> new Decision(true, "second"),
                (user, a) -> {
                    throw new AssertionError("not asked after an allow");
                }));
        assertThat(u.authorize(BOB, GET_POD)).isEqualTo(new Decision(true, "second"));
    }

    @Test
    void aRefusalJoinsTheReasonsGiven() {
        AuthorizerUnion u = new AuthorizerUnion(List.of(
                (user, a) -> new Decision(false, "node: no relationship"),
                (user, a) -> new Decision(false, ""),
                (user, a) -> new Decision(false, "RBAC: role missing")));
        assertThat(u.authorize(BOB, GET_POD)).isEqualTo(new Decision(false, "node: no relationship\nRBAC: role missing"));
        assertThat(u.allowedResource(BOB, "get", "", "pods", "", "dev", "p")).isFalse();
    }

    @Test
    void privilegedGroupsAndTheBootstrapFallback() {
        AuthorizerUnion u = new AuthorizerUnion(List.of(AuthorizerUnion.PRIVILEGED_GROUPS,
                AttributesAuthorizer.of(new BootstrapPolicyAuthorizer())));
        assertThat(u.authorize(MASTER, GET_POD)).isEqualTo(new Decision(true, ""));
        assertThat(u.allowedPath(BOB, "get", "/healthz/etcd")).isTrue();
        assertThat(u.allowedPath(BOB, "get", "/version")).isTrue();
        assertThat(u.allowedPath(BOB, "post", "/healthz")).isFalse();
        // Discovery and /metrics are RBAC's now: the fallback does not grant them.
        assertThat(u.allowedPath(BOB, "get", "/apis")).isFalse();
        assertThat(u.allowedPath(BOB, "get", "/metrics")).isFalse();
        assertThat(u.allowedResource(BOB, "get", "", "pods", "", "dev", "p")).isFalse();
        // Temporary: the server's own components. Nodes are the Node authorizer's, not the fallback's.
        UserInfo scheduler = new UserInfo("system:kube-scheduler", List.of(UserInfo.AUTHENTICATED));
        UserInfo node = new UserInfo("system:node:n1", List.of("system:nodes", UserInfo.AUTHENTICATED));
        assertThat(u.allowedResource(scheduler, "create", "", "pods", "binding", "dev", "p")).isTrue();
        assertThat(u.allowedResource(node, "update", "", "nodes", "status", "", "n1")).isFalse();
    }
}
