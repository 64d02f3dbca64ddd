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
                  'fieldsType':'FieldsV1','fieldsV1':{'f:data':{'.':{},'f:k':{}},'f:metadata':{'f:labels':{'.':{},'f:a':{}}}}}]"""));
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
        // .data and .metadata.labels (the maps themselves, as upstream's "."), their two keys, and k2
        assertThat(e.fields().members()).hasSize(5);
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
                 'fieldsType':'FieldsV1','fieldsV1':{'f:status':{'f:conditions':{'.':{},'k:{"type":"Available"}':{'.':{},
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

    /** `kubectl create deployment nginx --image=nginx` after defaulting, and the entry kube-apiserver 1.33 records. */
    @Test
    void createdDeploymentLooksLikeUpstreams() {
        ObjectNode created = managed.recordUpdate(null, o("""
                {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','namespace':'default','labels':{'app':'nginx'}},
                 'spec':{'replicas':1,'selector':{'matchLabels':{'app':'nginx'}},
                   'template':{'metadata':{'labels':{'app':'nginx'}},
                     'spec':{'containers':[{'name':'nginx','image':'nginx','resources':{},'terminationMessagePath':'/dev/termination-log',
                                            'terminationMessagePolicy':'File','imagePullPolicy':'Always'}],
                             'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',
                             'securityContext':{},'schedulerName':'default-scheduler'}},
                   'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}},
                   'revisionHistoryLimit':10,'progressDeadlineSeconds':600},
                 'status':{}}"""), "kubectl-create", T0);
        assertThat(created.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(j("""
                {'f:metadata':{'f:labels':{'.':{},'f:app':{}}},
                 'f:spec':{'f:progressDeadlineSeconds':{},'f:replicas':{},'f:revisionHistoryLimit':{},'f:selector':{},
                   'f:strategy':{'f:rollingUpdate':{'.':{},'f:maxSurge':{},'f:maxUnavailable':{}},'f:type':{}},
                   'f:template':{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},
                     'f:spec':{'f:containers':{'k:{"name":"nginx"}':{'.':{},'f:image':{},'f:imagePullPolicy':{},'f:name':{},
                                 'f:resources':{},'f:terminationMessagePath':{},'f:terminationMessagePolicy':{}}},
                       'f:dnsPolicy':{},'f:restartPolicy':{},'f:schedulerName':{},'f:securityContext':{},
                       'f:terminationGracePeriodSeconds':{}}}}}"""));
        // and the keys serialise in upstream's order
        assertThat(created.at("/metadata/managedFields/0/fieldsV1/f:spec").fieldNames()).toIterable().containsExactly(
                "f:progressDeadlineSeconds", "f:replicas", "f:revisionHistoryLimit", "f:selector", "f:strategy", "f:template");
    }

    @Test
    void updateAddingAnOptionalStructOwnsTheStructToo() {
        ObjectNode v1 = managed.recordUpdate(null, o("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},"
                + "'spec':{'containers':[{'name':'c','image':'i'}]}}"), "creator", T0);
        ObjectNode next = v1.deepCopy();
        ((ObjectNode) next.get("spec")).set("affinity", j("{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[]}}"));
        ((ObjectNode) next.get("metadata")).set("annotations", j("{'a':'b'}"));
        ObjectNode out = managed.recordUpdate(v1, next, "editor", T1);
        ManagedFieldsEntry editor = ManagedFields.decode(out).stream().filter(e -> e.manager().equals("editor")).findFirst().orElseThrow();
        assertThat(editor.fields().toFieldsV1()).isEqualTo(j("""
                {'f:metadata':{'f:annotations':{'.':{},'f:a':{}}},
                 'f:spec':{'f:affinity':{'.':{},'f:nodeAffinity':{'.':{},'f:preferredDuringSchedulingIgnoredDuringExecution':{}}}}}"""));
    }
}
