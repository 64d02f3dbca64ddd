package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.PolicyRule.verbs;
import static io.k3j.auth.rbac.RbacFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.rbac.BootstrapReconciler.Operation;
import io.k3j.auth.rbac.BootstrapReconciler.Result;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapReconcilerTest {

    private static ObjectNode defaultNamed(String name) {
        return BootstrapPolicy.all().stream().filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void missingObjectsAreCreated() {
        ObjectNode want = defaultNamed("system:basic-user");
        Result r = BootstrapReconciler.reconcile(null, want);
        assertThat(r.operation()).isEqualTo(Operation.CREATE);
        assertThat(r.object()).isEqualTo(want).isNotSameAs(want);
    }

    @Test
    void everyDefaultIsAlreadyReconciledWithItselfAndWithItsAggregatedForm() {
        for (ObjectNode o : BootstrapPolicy.all()) {
            assertThat(BootstrapReconciler.reconcile(o.deepCopy(), o).operation()).as(o.toString()).isEqualTo(Operation.NONE);
        }
        for (ObjectNode settled : ClusterRoleAggregation.settle(BootstrapPolicy.clusterRoles())) {
            ObjectNode want = defaultNamed(settled.path("metadata").path("name").asText());
            assertThat(BootstrapReconciler.reconcile(settled, want).operation()).isEqualTo(Operation.NONE);
        }
    }

    @Test
    void removedRulesComeBackAsSingleVerbRulesAndAddedRulesStay() {
        ObjectNode existing = defaultNamed("system:node-proxier");
        existing.with("metadata").put("resourceVersion", "42");
        existing.putArray("rules")
                .add(verbs("list").groups("").resources("endpoints", "services").toJson())   // watch removed
                .add(verbs("get", "list", "watch").groups("").resources("nodes").toJson())
                .add(BootstrapObjects.events().toJson())
                .add(verbs("list", "watch").groups("discovery.k8s.io").resources("endpointslices").toJson())
                .add(verbs("get").groups("").resources("configmaps").toJson());              // a user's addition
        Result r = BootstrapReconciler.reconcile(existing, defaultNamed("system:node-proxier"));
        assertThat(r.operation()).isEqualTo(Operation.UPDATE);
        List<PolicyRule> rules = PolicyRule.listFromJson(r.object().path("rules"));
        assertThat(rules).hasSize(7).contains(verbs("get").groups("").resources("configmaps"))
                .endsWith(verbs("watch").groups("").resources("endpoints"), verbs("watch").groups("").resources("services"));
        assertThat(r.object().path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    }

    @Test
    void autoupdateFalseProtectsTheObject() {
        ObjectNode existing = parse("""
                kind: ClusterRole
                metadata:
                  name: system:discovery
                  annotations: {rbac.authorization.kubernetes.io/autoupdate: "false"}
                rules: []
                """);
        Result r = BootstrapReconciler.reconcile(existing, defaultNamed("system:discovery"));
        assertThat(r.operation()).isEqualTo(Operation.NONE);
        assertThat(r.protectedObj()).isTrue();
    }

    @Test
    void labelsAndAnnotationsAreAddedNotOverwritten() {
        ObjectNode existing = defaultNamed("system:monitoring");
        existing.with("metadata").putObject("labels").put("kubernetes.io/bootstrapping", "mine").put("extra", "x");
        existing.with("metadata").remove("annotations");
        Result r = BootstrapReconciler.reconcile(existing, defaultNamed("system:monitoring"));
        assertThat(r.operation()).isEqualTo(Operation.UPDATE);
        assertThat(r.object().path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText()).isEqualTo("mine");
        assertThat(r.object().path("metadata").path("labels").path("extra").asText()).isEqualTo("x");
        assertThat(r.object().path("metadata").path("annotations").path("rbac.authorization.kubernetes.io/autoupdate")
                .asText()).isEqualTo("true");
    }

    @Test
    void aggregationRulesAreAddedAndUnexpectedOnesDropped() {
        ObjectNode plainAdmin = defaultNamed("admin");
        plainAdmin.remove("aggregationRule");
        Result added = BootstrapReconciler.reconcile(plainAdmin, defaultNamed("admin"));
        assertThat(added.operation()).isEqualTo(Operation.UPDATE);
        assertThat(added.object().get("aggregationRule")).isEqualTo(defaultNamed("admin").get("aggregationRule"));

        ObjectNode extraSelector = defaultNamed("admin");
        ((com.fasterxml.jackson.databind.node.ArrayNode) extraSelector.get("aggregationRule").get("clusterRoleSelectors"))
                .addObject().putObject("matchLabels").put("mine", "true");
        assertThat(BootstrapReconciler.reconcile(extraSelector, defaultNamed("admin")).operation())
                .as("a user's extra selector stays").isEqualTo(Operation.NONE);

        ObjectNode aggregatedBasic = defaultNamed("system:basic-user");
        aggregatedBasic.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject();
        Result dropped = BootstrapReconciler.reconcile(aggregatedBasic, defaultNamed("system:basic-user"));
        assertThat(dropped.operation()).isEqualTo(Operation.UPDATE);
        assertThat(dropped.object().has("aggregationRule")).isFalse();
    }

    @Test
    void bindingsGainMissingSubjectsAndKeepAddedOnes() {
        ObjectNode existing = parse("""
                kind: ClusterRoleBinding
                metadata:
                  name: system:public-info-viewer
                  labels: {kubernetes.io/bootstrapping: rbac-defaults}
                  annotations: {rbac.authorization.kubernetes.io/autoupdate: "true"}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}
                subjects:
                - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:authenticated}
                - {apiGroup: rbac.authorization.k8s.io, kind: User, name: someone}
                """);
        // The defaults hold a ClusterRole and a ClusterRoleBinding of this name: take the binding.
        ObjectNode want = BootstrapPolicy.clusterRoleBindings().stream()
                .filter(o -> o.path("metadata").path("name").asText().equals("system:public-info-viewer")).findFirst().orElseThrow();
        Result r = BootstrapReconciler.reconcile(existing, want);
        assertThat(r.operation()).isEqualTo(Operation.UPDATE);
        assertThat(Binding.fromJson(r.object()).subjects()).containsExactly(Subject.group("system:authenticated"),
                Subject.user("someone"), Subject.group("system:unauthenticated"));

        // The subject-less system:node default never removes subjects an older cluster has.
        ObjectNode nodeBinding = BootstrapPolicy.clusterRoleBindings().stream()
                .filter(o -> o.path("metadata").path("name").asText().equals("system:node")).findFirst().orElseThrow();
        ObjectNode old = nodeBinding.deepCopy();
        old.putArray("subjects").add(Subject.group("system:nodes").toJson());
        assertThat(BootstrapReconciler.reconcile(old, nodeBinding).operation()).isEqualTo(Operation.NONE);
    }

    @Test
    void aChangedRoleRefRecreatesTheBinding() {
        ObjectNode want = BootstrapPolicy.clusterRoleBindings().get(0);
        ObjectNode existing = want.deepCopy();
        existing.set("roleRef", RoleRef.clusterRole("view").toJson());
        Result r = BootstrapReconciler.reconcile(existing, want);
        assertThat(r.operation()).isEqualTo(Operation.RECREATE);
        assertThat(r.object()).isEqualTo(want);
        existing.with("metadata").with("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "false");
        assertThat(BootstrapReconciler.reconcile(existing, want).protectedObj()).isTrue();
    }
}
