package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.RbacFixture.parse;
import static io.k3j.auth.rbac.RbacFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.rbac.Escalation.Denial;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Escalation attempts over {@link RbacFixture}, with upstream's outcomes and message texts. */
class EscalationTest {

    private static Escalation escalation;

    @BeforeAll
    static void load() {
        RbacIndex index = RbacFixture.index();
        escalation = new Escalation(index, new RbacAuthorizer(index));
    }

    private static ObjectNode role(String ns, String rulesYaml) {
        String meta = ns.isEmpty() ? "{name: r}" : "{name: r, namespace: " + ns + "}";
        return parse("kind: " + (ns.isEmpty() ? "ClusterRole" : "Role") + "\nmetadata: " + meta + "\nrules:\n" + rulesYaml);
    }

    private static ObjectNode binding(String ns, String refKind, String refName) {
        String meta = ns.isEmpty() ? "{name: b}" : "{name: b, namespace: " + ns + "}";
        return parse("kind: " + (ns.isEmpty() ? "ClusterRoleBinding" : "RoleBinding") + "\nmetadata: " + meta
                + "\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: " + refKind + ", name: " + refName + "}"
                + "\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: someone}]");
    }

    @ParameterizedTest(name = "{0} writes a role in ''{1}'' with {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "bob|dev|- {apiGroups: [''], resources: [pods], verbs: [get]}|allowed",
        "bob|dev|- {apiGroups: [''], resources: [secrets], verbs: [get, list, watch]}|allowed",
        "bob|dev|- {apiGroups: [apps], resources: [deployments, deployments/scale], verbs: [create, update]}|allowed",
        "bob|dev|- {apiGroups: [''], resources: [nodes], verbs: [get]}|denied",
        "bob|prod|- {apiGroups: [''], resources: [pods], verbs: [get]}|denied",
        "bob|dev|- {apiGroups: ['*'], resources: [pods], verbs: [get]}|denied",
        "bob|dev|- {apiGroups: [''], resources: [pods], verbs: ['*']}|denied",
        "alice||- {apiGroups: [''], resources: [pods], verbs: [get, list]}|allowed",
        "alice||- {apiGroups: [''], resources: [pods/log], verbs: [get]}|denied",
        "carol|dev|- {apiGroups: [''], resources: [secrets], resourceNames: [db-pass], verbs: [get]}|allowed",
        "carol|dev|- {apiGroups: [''], resources: [secrets], resourceNames: [other], verbs: [get]}|denied",
        "carol|dev|- {apiGroups: [''], resources: [secrets], verbs: [get]}|denied",
        "frank|dev|- {apiGroups: [''], resources: [pods/status], verbs: [get, update]}|allowed",
        "frank|dev|- {apiGroups: [''], resources: [pods], verbs: [get]}|denied",
        "dave||- {nonResourceURLs: [/logs/app, /metrics], verbs: [get]}|allowed",
        "dave||- {nonResourceURLs: [/logs], verbs: [get]}|denied",
        "escalator|dev|- {apiGroups: [''], resources: [nodes], verbs: ['*']}|allowed",
        "escalator|prod|- {apiGroups: [''], resources: [nodes], verbs: ['*']}|denied",
        "runner|dev|- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [create]}|allowed",
        "runner|dev|- {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}|denied",
        "admin||- {apiGroups: ['*'], resources: ['*'], verbs: ['*']}|allowed",
        "builder-bare|dev|- {apiGroups: [''], resources: [configmaps], resourceNames: [app-config], verbs: [patch]}|allowed",
    })
    void roleWrites(String who, String ns, String rules, String outcome) {
        Optional<Denial> d = escalation.checkRole(user(who), ns == null ? "" : ns, "", role(ns == null ? "" : ns, rules), null);
        assertThat(d.isEmpty() ? "allowed" : "denied").as(d.map(Denial::message).orElse("")).isEqualTo(outcome);
    }

    @ParameterizedTest(name = "{0} binds {2} {3} in ''{1}'' -> {4}")
    @CsvSource(delimiter = '|', value = {
        "runner|dev|ClusterRole|edit|allowed",
        "runner|dev|ClusterRole|admin|allowed",
        "runner|dev|ClusterRole|view|allowed",
        "runner|dev|Role|deployer|allowed",
        "runner|dev|ClusterRole|cluster-admin|denied",
        "runner|prod|ClusterRole|view|denied",
        "runner||ClusterRole|view|denied",
        "tina|prod|ClusterRole|view|allowed",
        "tina|prod|ClusterRole|edit|denied",
        "binder|dev|ClusterRole|edit|allowed",
        "binder|dev|ClusterRole|admin|denied",
        "binder|prod|ClusterRole|edit|denied",
        "alice||ClusterRole|pod-reader|allowed",
        "alice||ClusterRole|view|denied",
        "alice|dev|ClusterRole|pod-reader|allowed",
        "bob|dev|Role|cm-editor|allowed",
        "bob|dev|Role|deployer|allowed",
        "erin|dev|Role|nope|denied",
        "admin||ClusterRole|cluster-admin|allowed",
    })
    void bindingWrites(String who, String ns, String kind, String role, String outcome) {
        String namespace = ns == null ? "" : ns;
        Optional<Denial> d = escalation.checkBinding(user(who), namespace, binding(namespace, kind, role), null);
        assertThat(d.isEmpty() ? "allowed" : "denied").as(d.map(Denial::message).orElse("")).isEqualTo(outcome);
    }

    @Test
    void deniedRoleNamesTheMissingRulesAsUpstream() {
        Denial d = escalation.checkRole(user("bob"), "dev", "", role("dev",
                "- {apiGroups: [''], resources: [nodes], verbs: [get, list]}\n"
                        + "- {apiGroups: [''], resources: [pods], verbs: [get]}\n"
                        + "- {apiGroups: [''], resources: [persistentvolumes], verbs: [delete]}"), null).orElseThrow();
        assertThat(d.resource()).isEqualTo("roles");
        assertThat(d.name()).isEqualTo("r");
        assertThat(d.message()).isEqualTo("roles.rbac.authorization.k8s.io \"r\" is forbidden: user \"bob\" "
                + "(groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\" \"list\"]}\n"
                + "{APIGroups:[\"\"], Resources:[\"persistentvolumes\"], Verbs:[\"delete\"]}");
    }

    @Test
    void deniedBindingToClusterAdminListsStarRules() {
        Denial d = escalation.checkBinding(user("runner"), "dev", binding("dev", "ClusterRole", "cluster-admin"), null)
                .orElseThrow();
        assertThat(d.resource()).isEqualTo("rolebindings");
        assertThat(d.message()).isEqualTo("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: user "
                + "\"system:serviceaccount:ci:runner\" (groups=[\"system:serviceaccounts\" \"system:serviceaccounts:ci\" "
                + "\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
                + "{APIGroups:[\"*\"], Resources:[\"*\"], Verbs:[\"*\"]}\n"
                + "{NonResourceURLs:[\"*\"], Verbs:[\"*\"]}");
    }

    @Test
    void bindingToAMissingRoleIsForbiddenWithTheLookupError() {
        Denial d = escalation.checkBinding(user("runner"), "dev", binding("dev", "ClusterRole", "nope"), null).orElseThrow();
        assertThat(d.message()).isEqualTo("rolebindings.rbac.authorization.k8s.io \"b\" is forbidden: "
                + "clusterrole.rbac.authorization.k8s.io \"nope\" not found");
    }

    @Test
    void resolutionErrorsAreAppended() {
        Denial d = escalation.checkRole(user("erin"), "dev", "", role("dev",
                "- {apiGroups: [''], resources: [pods], verbs: [get]}"), null).orElseThrow();
        assertThat(d.message()).endsWith("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\"]}; resolution errors: "
                + "[[clusterrole.rbac.authorization.k8s.io \"does-not-exist\" not found, "
                + "role.rbac.authorization.k8s.io \"nope\" not found]]");
    }

    @Test
    void aggregationRuleNeedsFullAuthority() {
        ObjectNode aggregated = parse("""
                kind: ClusterRole
                metadata: {name: my-agg}
                aggregationRule:
                  clusterRoleSelectors: [{matchLabels: {x: "y"}}]
                rules:
                - {apiGroups: [''], resources: [pods], verbs: [get]}
                """);
        Denial d = escalation.checkRole(user("alice"), "", "", aggregated, null).orElseThrow();
        assertThat(d.message()).isEqualTo("clusterroles.rbac.authorization.k8s.io \"my-agg\" is forbidden: "
                + "must have cluster-admin privileges to use the aggregationRule");
        assertThat(escalation.checkRole(user("admin"), "", "", aggregated, null)).isEmpty();
        // The aggregation controller holds escalate on clusterroles, so it may write aggregated roles.
        assertThat(escalation.checkRole(user("clusterrole-aggregation-controller"), "", "my-agg", aggregated, null)).isEmpty();
    }

    @Test
    void escalateWithResourceNamesAppliesToUpdatesByName() {
        RbacIndex index = RbacFixture.index();
        index.upsert(parse("""
                kind: Role
                metadata: {name: escalate-one, namespace: prod}
                rules:
                - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], resourceNames: [r], verbs: [escalate]}
                """));
        index.upsert(parse("""
                kind: RoleBinding
                metadata: {name: escalate-one, namespace: prod}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: escalate-one}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
                """));
        Escalation e = new Escalation(index, new RbacAuthorizer(index));
        ObjectNode wide = role("prod", "- {apiGroups: [''], resources: [nodes], verbs: [delete]}");
        // A create carries no name in the URL, so a name-restricted escalate does not apply, as upstream.
        assertThat(e.checkRole(user("alice"), "prod", "", wide, null)).isPresent();
        assertThat(e.checkRole(user("alice"), "prod", "r", wide, role("prod", "  []"))).isEmpty();
        assertThat(e.checkRole(user("alice"), "prod", "other", wide, role("prod", "  []"))).isPresent();
    }

    @Test
    void garbageCollectorOnlyUpdatesSkipTheCheck() {
        ObjectNode old = binding("prod", "ClusterRole", "cluster-admin");
        old.with("metadata").put("resourceVersion", "12");
        ObjectNode updated = old.deepCopy();
        updated.with("metadata").putArray("finalizers").add("example.com/keep");
        updated.with("metadata").putArray("ownerReferences").addObject().put("name", "owner");
        assertThat(escalation.checkBinding(user("tina"), "prod", updated, old)).isEmpty();
        // Any other change is checked.
        ObjectNode relabelled = updated.deepCopy();
        relabelled.with("metadata").putObject("labels").put("a", "b");
        assertThat(escalation.checkBinding(user("tina"), "prod", relabelled, old)).isPresent();
        // And a create is always checked.
        assertThat(escalation.checkBinding(user("tina"), "prod", updated, null)).isPresent();
    }
}
