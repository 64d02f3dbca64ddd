package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static io.k3j.api.patch.Json.o;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-28T11:00:00Z");
    private final ServerSideApply ssa = new ServerSideApply(new BuiltinPatchSchema());
    private final ManagedFields managed = new ManagedFields(new BuiltinPatchSchema());

    private static String deploy(String spec) {
        return "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},'spec':" + spec + "}";
    }

    private static final String TEMPLATE = "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
            + "'spec':{'containers':[{'name':'nginx','image':'nginx:1'}]}}";

    private ObjectNode create() {
        return ssa.apply(null, j(deploy("{'replicas':3," + TEMPLATE + "}")), "alice", false, T0).object();
    }

    @Test
    void createRecordsApplyEntry() {
        ServerSideApply.Result r = ssa.apply(null, j(deploy("{'replicas':3," + TEMPLATE + "}")), "alice", false, T0);
        assertThat(r.created()).isTrue();
        assertThat(r.object().at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode entry = r.object().at("/metadata/managedFields/0");
        assertThat(entry).isEqualTo(j("""
                {'manager':'alice','operation':'Apply','apiVersion':'apps/v1','time':'2026-11-28T10:00:00Z',
                 'fieldsType':'FieldsV1','fieldsV1':{'f:spec':{'f:replicas':{},'f:selector':{},
                   'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},
                     'f:spec':{'f:containers':{'k:{"name":"nginx"}':{'.':{},'f:image':{},'f:name':{}}}}}}}}"""));
    }

    @Test
    void twoManagersOwnDifferentFields() {
        ObjectNode live = create();
        ObjectNode after = ssa.apply(live, j(deploy("{'paused':true}")), "bob", false, T1).object();
        assertThat(after.at("/spec/paused").asBoolean()).isTrue();
        assertThat(after.at("/spec/replicas").asInt()).isEqualTo(3);
        List<ManagedFieldsEntry> entries = ManagedFields.decode(after);
        assertThat(entries).extracting(ManagedFieldsEntry::manager).containsExactly("alice", "bob");
        assertThat(entries.get(1).fields().members()).containsExactly(FieldPath.of("spec", "paused"));
        assertThat(entries.get(0).fields().contains(FieldPath.of("spec", "replicas"))).isTrue();
    }

    @Test
    void conflictOnTheSameFieldWithUpstreamText() {
        ObjectNode live = create();
        assertThatThrownBy(() -> ssa.apply(live, j(deploy("{'replicas':5}")), "bob", false, T1))
                .isInstanceOfSatisfying(PatchException.Conflict.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
                    assertThat(e.causes()).containsExactly(
                            new PatchException.Cause("FieldManagerConflict", "conflict with \"alice\"", ".spec.replicas"));
                });
    }

    @Test
    void sameValueIsSharedNotAConflict() {
        ObjectNode after = ssa.apply(create(), j(deploy("{'replicas':3}")), "bob", false, T1).object();
        List<ManagedFieldsEntry> entries = ManagedFields.decode(after);
        assertThat(entries).allMatch(e -> e.fields().contains(FieldPath.of("spec", "replicas")));
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode after = ssa.apply(create(), j(deploy("{'replicas':5}")), "bob", true, T1).object();
        assertThat(after.at("/spec/replicas").asInt()).isEqualTo(5);
        ManagedFieldsEntry alice = ManagedFields.decode(after).get(0);
        assertThat(alice.manager()).isEqualTo("alice");
        assertThat(alice.fields().contains(FieldPath.of("spec", "replicas"))).isFalse();
        assertThat(alice.fields().contains(FieldPath.of("spec", "selector"))).isTrue();
    }

    @Test
    void conflictWithUpdateManagerNamesItsApiVersion() {
        ObjectNode live = create();
        ObjectNode scaled = (ObjectNode) live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 7).put("paused", true);
        ObjectNode updated = managed.recordUpdate(live, scaled, "kubectl-edit", T1);
        assertThatThrownBy(() -> ssa.apply(updated, j(deploy("{'replicas':3,'paused':false}")), "bob", false, T1))
                .isInstanceOfSatisfying(PatchException.Conflict.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"kubectl-edit\" "
                            + "using apps/v1\n- .spec.paused\n- .spec.replicas");
                    assertThat(e.causes()).extracting(PatchException.Cause::field).containsExactly(".spec.paused", ".spec.replicas");
                    assertThat(e.causes()).allMatch(c -> c.message().equals("conflict with \"kubectl-edit\" using apps/v1"));
                });
    }

    @Test
    void fieldNoLongerAppliedIsRemoved() {
        ObjectNode live = ssa.apply(null, j(deploy("{'replicas':3,'paused':true}")), "alice", false, T0).object();
        ObjectNode after = ssa.apply(live, j(deploy("{'replicas':3}")), "alice", false, T1).object();
        assertThat(after.get("spec").has("paused")).isFalse();
        assertThat(ManagedFields.decode(after).get(0).fields().members()).containsExactly(FieldPath.of("spec", "replicas"));
    }

    @Test
    void fieldNoLongerAppliedStaysWhenAnotherManagerOwnsIt() {
        ObjectNode live = ssa.apply(null, j(deploy("{'replicas':3,'paused':true}")), "alice", false, T0).object();
        live = ssa.apply(live, j(deploy("{'paused':true}")), "bob", false, T0).object();
        ObjectNode after = ssa.apply(live, j(deploy("{'replicas':3}")), "alice", false, T1).object();
        assertThat(after.at("/spec/paused").asBoolean()).isTrue();
    }

    @Test
    void labelsMergeAndPrunePerKey() {
        String cm = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':%s},'data':{'k':'v'}}";
        ObjectNode live = ssa.apply(null, j(cm.formatted("{'a':'1','b':'2'}")), "alice", false, T0).object();
        live = ssa.apply(live, j("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'c':'3'}}}"),
                "bob", false, T0).object();
        ObjectNode after = ssa.apply(live, j(cm.formatted("{'a':'1'}")), "alice", false, T1).object();
        assertThat(after.at("/metadata/labels")).isEqualTo(j("{'a':'1','c':'3'}"));
        assertThat(after.at("/data")).isEqualTo(j("{'k':'v'}"));
    }

    @Test
    void containersMergeByNameAcrossManagers() {
        ObjectNode live = create();
        ObjectNode withSidecar = ssa.apply(live, j(deploy(
                "{'template':{'spec':{'containers':[{'name':'sidecar','image':'envoy'}]}}}")), "mesh", false, T1).object();
        assertThat(withSidecar.at("/spec/template/spec/containers")).isEqualTo(j(
                "[{'name':'nginx','image':'nginx:1'},{'name':'sidecar','image':'envoy'}]"));

        // alice re-applies a new image: no conflict, the sidecar stays (mesh owns it)
        ObjectNode bumped = ssa.apply(withSidecar, j(deploy("{'replicas':3," + TEMPLATE.replace("nginx:1", "nginx:2") + "}")),
                "alice", false, T1).object();
        assertThat(bumped.at("/spec/template/spec/containers")).isEqualTo(j(
                "[{'name':'nginx','image':'nginx:2'},{'name':'sidecar','image':'envoy'}]"));

        // mesh stops applying its container: it is pruned, alice's stays
        ObjectNode pruned = ssa.apply(bumped, j("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}"),
                "mesh", false, T1).object();
        assertThat(pruned.at("/spec/template/spec/containers")).isEqualTo(j("[{'name':'nginx','image':'nginx:2'}]"));
        assertThat(ManagedFields.decode(pruned)).extracting(ManagedFieldsEntry::manager).containsExactly("alice");
    }

    @Test
    void conflictInsideListMapItem() {
        ObjectNode live = create();
        assertThatThrownBy(() -> ssa.apply(live, j(deploy(
                "{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:9'}]}}}")), "bob", false, T1))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": "
                        + ".spec.template.spec.containers[name=\"nginx\"].image");
    }

    @Test
    void portsKeyedByContainerPortAndDefaultedProtocol() {
        ObjectNode live = ssa.apply(null, j("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i',
                  'ports':[{'containerPort':80}]}]}}"""), "alice", false, T0).object();
        assertThat(live.at("/metadata/managedFields/0/fieldsV1/f:spec/f:containers/k:{\"name\":\"c\"}/f:ports"))
                .isEqualTo(j("{'k:{\"containerPort\":80,\"protocol\":\"TCP\"}':{'.':{},'f:containerPort':{}}}"));
        ObjectNode after = ssa.apply(live, j("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i'}]}}"""),
                "alice", false, T1).object();
        assertThat(after.at("/spec/containers/0").has("ports")).isTrue();
        assertThat(after.at("/spec/containers/0/ports")).isEqualTo(j("[]"));
    }

    @Test
    void atomicListsAndSetLists() {
        String pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':%s},'spec':{'tolerations':%s}}";
        ObjectNode live = ssa.apply(null, j(pod.formatted("['a']", "[{'key':'x'}]")), "alice", false, T0).object();
        ObjectNode after = ssa.apply(live, j(pod.formatted("['b']", "[{'key':'y'}]")), "bob", true, T1).object();
        assertThat(after.at("/metadata/finalizers")).isEqualTo(j("['a','b']"));
        assertThat(after.at("/spec/tolerations")).isEqualTo(j("[{'key':'y'}]"));
        FieldSet alice = ManagedFields.decode(after).get(0).fields();
        assertThat(alice.members()).containsExactly(
                FieldPath.of("metadata", "finalizers").child(new PathElement.Value(j("'a'"))));
    }

    @Test
    void unchangedReapplyKeepsTimestamp() {
        ObjectNode live = create();
        ServerSideApply.Result again = ssa.apply(live, j(deploy("{'replicas':3," + TEMPLATE + "}")), "alice", false, T1);
        assertThat(again.changed()).isFalse();
        assertThat(again.object().at("/metadata/managedFields/0/time").asText()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(again.created()).isFalse();
    }

    @Test
    void managedFieldsInBodyAreRejected() {
        assertThatThrownBy(() -> ssa.apply(null, j("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','managedFields':[]}}"),
                "alice", false, T0))
                .isInstanceOf(PatchException.Invalid.class).hasMessage("metadata.managedFields must be nil");
    }

    @Test
    void customResourcesUseAtomicListsAndGranularMaps() {
        String cr = "{'apiVersion':'example.com/v1','kind':'Foo','metadata':{'name':'f'},'spec':{'items':%s,'m':%s}}";
        ObjectNode live = ssa.apply(null, j(cr.formatted("[1,2]", "{'a':1}")), "alice", false, T0).object();
        ObjectNode after = ssa.apply(live, j("{'apiVersion':'example.com/v1','kind':'Foo','metadata':{'name':'f'},"
                + "'spec':{'m':{'b':2}}}"), "bob", false, T1).object();
        assertThat(after.at("/spec")).isEqualTo(j("{'items':[1,2],'m':{'a':1,'b':2}}"));
        assertThat(ManagedFields.decode(after).get(0).fields().contains(FieldPath.of("spec", "items"))).isTrue();
    }

    @Test
    void customResourceFinalizersAreStillASet() {
        String cr = "{'apiVersion':'example.com/v1','kind':'Foo','metadata':{'name':'f','finalizers':%s}}";
        ObjectNode live = ssa.apply(null, j(cr.formatted("['a']")), "alice", false, T0).object();
        ObjectNode after = ssa.apply(live, j(cr.formatted("['b']")), "bob", false, T1).object();
        assertThat(after.at("/metadata/finalizers")).isEqualTo(j("['a','b']"));
    }

    @Test
    void associativeListsFollowAppliedOrderAndKeepLiveOnlyItemsInPlace() {
        String pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':%s},'spec':{'containers':%s}}";
        ObjectNode live = ssa.apply(null, j(pod.formatted("['x','y']",
                "[{'name':'a','image':'1'},{'name':'b','image':'1'},{'name':'c','image':'1'}]")), "alice", false, T0).object();
        ObjectNode after = ssa.apply(live, j(pod.formatted("['y','z','x']", "[{'name':'c','image':'1'},{'name':'a','image':'1'}]")),
                "bob", false, T1).object();
        assertThat(after.at("/metadata/finalizers")).isEqualTo(j("['y','z','x']"));
        assertThat(after.at("/spec/containers").findValuesAsText("name")).containsExactly("b", "c", "a");
    }

    @Test
    void duplicateKeysInAppliedConfigurationAreRejected() {
        assertThatThrownBy(() -> ssa.apply(null, j(deploy(
                "{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'a','image':'2'}]}}}")), "alice", false, T0))
                .isInstanceOfSatisfying(PatchException.Failed.class, e -> assertThat(e.code()).isEqualTo(500))
                .hasMessage("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): "
                        + ".spec.template.spec.containers: duplicate entries for key [name=\"a\"]");
    }

    @Test
    void firstApplyToUntrackedObjectConflictsWithBeforeFirstApply() {
        ObjectNode untracked = o(deploy("{'replicas':3}"));
        assertThatThrownBy(() -> ssa.apply(untracked, j(deploy("{'replicas':5}")), "alice", false, T1))
                .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");
        ObjectNode same = ssa.apply(untracked, j(deploy("{'replicas':3}")), "alice", false, T1).object();
        assertThat(ManagedFields.decode(same)).extracting(ManagedFieldsEntry::manager)
                .containsExactly("alice", "before-first-apply");
    }

    @Test
    void kubectlMayTakeOverItsClientSideAppliedFields() {
        String lastApplied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},"
                + "\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3}}\n";
        ObjectNode body = o(deploy("{'replicas':3,'paused':false}"));
        ((ObjectNode) body.get("metadata")).putObject("annotations").put(LastApplied.ANNOTATION, lastApplied);
        ObjectNode live = managed.recordUpdate(null, body, "kubectl-client-side-apply", T0);

        // replicas was client-side applied and is unchanged: kubectl may take it; paused was not
        ObjectNode after = ssa.apply(live, j(deploy("{'replicas':4}")), "kubectl", false, T1).object();
        assertThat(after.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(after.at("/metadata/annotations").get(LastApplied.ANNOTATION).asText()).isEqualTo(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":"
                        + "\"default\"},\"spec\":{\"replicas\":4}}\n");
        assertThatThrownBy(() -> ssa.apply(live, j(deploy("{'replicas':4,'paused':true}")), "kubectl", false, T1))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.paused");
        assertThatThrownBy(() -> ssa.apply(live, j(deploy("{'replicas':4}")), "someone-else", false, T1))
                .isInstanceOf(PatchException.Conflict.class);
    }
}
