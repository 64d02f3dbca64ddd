package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.PolicyRule.verbs;
import static io.k3j.auth.rbac.RbacFixture.parse;
import static io.k3j.auth.rbac.RbacFixture.parseAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.SelectorException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRoleAggregationTest {

    private static final List<ObjectNode> ROLES = parseAll("""
            kind: ClusterRole
            metadata: {name: agg}
            aggregationRule:
              clusterRoleSelectors:
              - matchLabels: {team: b}
              - matchExpressions: [{key: tier, operator: In, values: [gold, silver]}]
            ---
            kind: ClusterRole
            metadata: {name: z-one, labels: {team: b}}
            rules:
            - {apiGroups: [''], resources: [pods], verbs: [get]}
            - {apiGroups: [''], resources: [services], verbs: [get]}
            ---
            kind: ClusterRole
            metadata: {name: a-two, labels: {team: b, tier: gold}}
            rules:
            - {apiGroups: [''], resources: [services], verbs: [get]}
            - {apiGroups: [apps], resources: [deployments], verbs: [list]}
            ---
            kind: ClusterRole
            metadata: {name: m-three, labels: {tier: silver}}
            rules:
            - {apiGroups: [batch], resources: [jobs], verbs: [get]}
            ---
            kind: ClusterRole
            metadata: {name: other, labels: {tier: bronze}}
            rules:
            - {apiGroups: [''], resources: [secrets], verbs: [get]}
            """);

    @Test
    void selectorsInOrderRolesByNameEachRuleOnce() {
        List<PolicyRule> rules = ClusterRoleAggregation.aggregate(ROLES.get(0), ROLES);
        assertThat(rules).containsExactly(
                verbs("get").groups("").resources("services"),    // a-two (team: b)
                verbs("list").groups("apps").resources("deployments"),
                verbs("get").groups("").resources("pods"),        // z-one (team: b); its services rule is a duplicate
                verbs("get").groups("batch").resources("jobs"));  // m-three (tier in gold, silver); a-two already seen
    }

    @Test
    void updateWritesRulesOnlyWhenTheyChange() {
        ObjectNode updated = ClusterRoleAggregation.update(ROLES.get(0), ROLES).orElseThrow();
        assertThat(PolicyRule.listFromJson(updated.get("rules"))).hasSize(4);
        assertThat(updated.get("aggregationRule")).isEqualTo(ROLES.get(0).get("aggregationRule"));
        assertThat(ClusterRoleAggregation.update(updated, ROLES)).isEmpty();
        assertThat(ClusterRoleAggregation.update(ROLES.get(1), ROLES)).as("not aggregated").isEmpty();
    }

    @Test
    void aRoleNeverAggregatesItself() {
        ObjectNode self = parse("""
                kind: ClusterRole
                metadata: {name: self, labels: {x: "y"}}
                aggregationRule: {clusterRoleSelectors: [{matchLabels: {x: "y"}}]}
                rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
                """);
        assertThat(ClusterRoleAggregation.aggregate(self, List.of(self))).isEmpty();
    }

    @Test
    void emptySelectorSelectsEverythingAndBadSelectorsFail() {
        ObjectNode all = parse("""
                kind: ClusterRole
                metadata: {name: all}
                aggregationRule: {clusterRoleSelectors: [{}]}
                """);
        assertThat(ClusterRoleAggregation.aggregate(all, ROLES)).hasSize(5); // five distinct rules among the others
        ObjectNode bad = parse("""
                kind: ClusterRole
                metadata: {name: bad}
                aggregationRule: {clusterRoleSelectors: [{matchExpressions: [{key: a, operator: Near}]}]}
                """);
        assertThatThrownBy(() -> ClusterRoleAggregation.aggregate(bad, ROLES)).isInstanceOf(SelectorException.class);
    }

    @Test
    void bootstrapChainSettlesViewIntoEditIntoAdmin() {
        List<ObjectNode> settled = ClusterRoleAggregation.settle(BootstrapPolicy.clusterRoles());
        List<PolicyRule> view = rulesOf(settled, "view");
        List<PolicyRule> edit = rulesOf(settled, "edit");
        List<PolicyRule> admin = rulesOf(settled, "admin");
        assertThat(view).isEqualTo(rulesOf(settled, "system:aggregate-to-view"));
        assertThat(edit).containsAll(view).containsAll(rulesOf(settled, "system:aggregate-to-edit"));
        assertThat(admin).containsAll(edit).containsAll(rulesOf(settled, "system:aggregate-to-admin"));
        assertThat(RuleCoverage.covers(admin, edit)).isTrue();
        assertThat(RuleCoverage.covers(edit, admin)).isFalse();
        assertThat(ClusterRoleAggregation.settle(settled)).isEqualTo(settled);
    }

    private static List<PolicyRule> rulesOf(List<ObjectNode> roles, String name) {
        return roles.stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst()
                .map(r -> PolicyRule.listFromJson(r.path("rules"))).orElseThrow();
    }
}
