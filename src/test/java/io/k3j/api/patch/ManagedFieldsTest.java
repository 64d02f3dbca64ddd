package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static io.k3j.api.patch.Json.o;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-28T11:00:00Z");
    private final ManagedFields managed = new ManagedFields(new BuiltinPatchSchema());
    private final ServerSideApply ssa = new ServerSideApply(new BuiltinPatchSchema());

    private static final String CM = "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','uid':'u1',"
            + "'resourceVersion':'5','labels':{'a':'1'}},'data':{'k':'v'}}";

    @Test
    void createCreditsEveryFieldExceptServerOwnedOnes() {
        ObjectNode created = managed.recordUpdate(null, o(CM), "kubectl-create", T0);
        assertThat(created.at("/metadata/managedFields")).isEqualTo(j("""
                [{'manager':'kubectl-create','operation':'Update','apiVersion':'v1','time':'2026-11-28T10:00:00Z',
                  'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:k':{}},'f:metadata':{'f:labels':{'f:app':{}}}}}]"""
                .replace("f:app", "f:a")));
    }

    @Test
    void updateTakesFieldsFromOtherManagersAndDropsRemovedOnes() {
        ObjectNode applied = ssa.apply(null, j("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},"
                + "'spec':{'replicas':1,'paused':true}}"), "alice", false, T0).object();
        ObjectNode scaled = applied.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 4).remove("paused");
        ObjectNode out = managed.recordUpdate(applied, scaled, "kubectl-scale", T1);
        List<ManagedFieldsEntry> entries = ManagedFields.decode(out);
        assertThat(entries).extracting(ManagedFieldsEntry::manager).containsExactly("kubectl-scale");
        assertThat(entries.get(0).fields().members()).containsExactly(FieldPath.of("spec", "replicas"));
        assertThat(entries.get(0).operation()).isEqualTo(ManagedFieldsEntry.Operation.Update);
        assertThat(entries.get(0).apiVersion()).isEqualTo("apps/v1");
        assertThat(entries.get(0).time()).isEqualTo(T1);
    }

    @Test
    void repeatedUpdatesAccumulateAndNoOpKeepsTime() {
        ObjectNode v1 = managed.recordUpdate(null, o(CM), "ctl", T0);
        ObjectNode next = v1.deepCopy();
        ((ObjectNode) next.get("data")).put("k2", "v2");
        ObjectNode v2 = managed.recordUpdate(v1, next, "ctl", T1);
        ManagedFieldsEntry e = ManagedFields.decode(v2).get(0);
        assertThat(e.fields().members()).hasSize(3);
        assertThat(e.time()).isEqualTo(T1);
        ObjectNode v3 = managed.recordUpdate(v2, v2.deepCopy(), "ctl", Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(ManagedFields.decode(v3).get(0).time()).isEqualTo(T1);
    }

    @Test
    void emptyManagedFieldsInBodyResetsTracking() {
        ObjectNode v1 = managed.recordUpdate(null, o(CM), "ctl", T0);
        ObjectNode body = v1.deepCopy();
        ((ObjectNode) body.get("metadata")).putArray("managedFields");
        ObjectNode out = managed.recordUpdate(v1, body, "other", T1);
        assertThat(out.get("metadata").has("managedFields")).isFalse();
    }

    @Test
    void managedFieldsInBodyReplaceLiveOnes() {
        ObjectNode v1 = managed.recordUpdate(null, o(CM), "kubectl-client-side-apply", T0);
        // kubectl's CSA -> SSA migration rewrites the entry to an Apply entry for "kubectl"
        ObjectNode body = v1.deepCopy();
        ((ObjectNode) body.at("/metadata/managedFields/0")).put("manager", "kubectl").put("operation", "Apply");
        ObjectNode out = managed.recordUpdate(v1, body, "kubectl", T1);
        assertThat(ManagedFields.decode(out)).extracting(ManagedFieldsEntry::manager, ManagedFieldsEntry::operation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("kubectl", ManagedFieldsEntry.Operation.Apply));
    }

    @Test
    void statusSubresourceWritesTrackOnlyStatus() {
        ObjectNode d = managed.recordUpdate(null,
                o("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':1}}"), "creator", T0);
        ObjectNode withStatus = d.deepCopy();
        withStatus.set("status", j("{'replicas':1,'conditions':[{'type':'Available','status':'True'}]}"));
        ObjectNode out = managed.recordUpdate(d, withStatus, "kube-controller-manager", T0, "status");
        assertThat(out.at("/metadata/managedFields/0/manager").asText()).isEqualTo("creator");
        assertThat(out.at("/metadata/managedFields/1")).isEqualTo(j("""
                {'manager':'kube-controller-manager','operation':'Update','apiVersion':'apps/v1','time':'2026-11-28T10:00:00Z',
                 'fieldsType':'FieldsV1','fieldsV1':{'f:status':{'f:conditions':{'k:{"type":"Available"}':{'.':{},
                   'f:status':{},'f:type':{}}},'f:replicas':{}}},'subresource':'status'}"""));
    }

    @Test
    void moreThanTenUpdateManagersFoldIntoAncientChanges() {
        ObjectNode obj = managed.recordUpdate(null, o("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{}}"),
                "creator", T0);
        for (int i = 0; i < 11; i++) {
            ObjectNode next = obj.deepCopy();
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            obj = managed.recordUpdate(obj, next, "writer-" + i, T0.plusSeconds(60L * (i + 1)));
        }
        List<ManagedFieldsEntry> entries = ManagedFields.decode(obj);
        assertThat(entries).hasSize(10);
        ManagedFieldsEntry ancient = entries.get(0);
        assertThat(ancient.manager()).isEqualTo("ancient-changes");
        // creator lost its only field (.data became non-empty); writer-0 and writer-1 fold together with the newer time
        assertThat(ancient.fields().contains(FieldPath.of("data", "k0"))).isTrue();
        assertThat(ancient.fields().contains(FieldPath.of("data", "k1"))).isTrue();
        assertThat(ancient.time()).isEqualTo(T0.plusSeconds(120));
        assertThat(entries).extracting(ManagedFieldsEntry::manager).doesNotContain("writer-0", "writer-1", "creator");
    }

    @Test
    void existingUntrackedObjectStaysUntracked() {
        ObjectNode stored = o(CM);
        ObjectNode next = stored.deepCopy();
        ((ObjectNode) next.get("data")).put("k", "changed");
        ObjectNode out = managed.recordUpdate(stored, next, "ctl", T1);
        assertThat(out.get("metadata").has("managedFields")).isFalse();
        assertThat(out.at("/data/k").asText()).isEqualTo("changed");
    }

    @Test
    void undecodableManagedFieldsInBodyFallBackToStoredOnes() {
        ObjectNode v1 = managed.recordUpdate(null, o(CM), "ctl", T0);
        ObjectNode body = v1.deepCopy();
        ((ObjectNode) body.get("metadata")).set("managedFields", j("[{'manager':'x','operation':'Frob'}]"));
        ObjectNode out = managed.recordUpdate(v1, body, "other", T1);
        assertThat(ManagedFields.decode(out)).extracting(ManagedFieldsEntry::manager).containsExactly("ctl");
    }
}
