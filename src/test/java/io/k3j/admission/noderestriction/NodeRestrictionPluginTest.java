package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRestrictionPluginTest {

    static final ObjectMapper M = new ObjectMapper();
    static final UserInfo N1 = new UserInfo("system:node:n1", List.of("system:nodes", UserInfo.AUTHENTICATED));
    static final UserInfo ADMIN = new UserInfo("admin", List.of(UserInfo.MASTERS));

    final Map<String, ObjectNode> objects = new HashMap<>();
    final AdmissionLookup lookup = new AdmissionLookup() {
        @Override
        public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
            return Future.succeededFuture(objects.get(resource + "/" + namespace + "/" + name));
        }

        @Override
        public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
            throw new UnsupportedOperationException();
        }
    };
    final NodeRestrictionPlugin plugin = new NodeRestrictionPlugin(lookup);

    NodeRestrictionPluginTest() {
        objects.put("nodes//n1", json("{'metadata': {'name': 'n1', 'uid': 'node-uid'}}"));
        objects.put("pods/default/mine", pod("mine", "n1"));
        objects.put("pods/default/theirs", pod("theirs", "n2"));
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode pod(String name, String node) {
        return json("{'metadata': {'namespace': 'default', 'name': '%s', 'uid': 'uid-%s', 'labels': {'app': 'a'}}, 'spec': {'nodeName': '%s'}}"
                .formatted(name, name, node));
    }

    static AdmissionRequest req(Operation op, String group, String resource, String sub, String ns, String name,
                                ObjectNode obj, ObjectNode old, UserInfo user) {
        return new AdmissionRequest(op, group, "v1", resource, sub, "", ns, name, obj, old, null, user, false);
    }

    static AdmissionRequest req(Operation op, String resource, String sub, String ns, String name, ObjectNode obj, ObjectNode old) {
        return req(op, "", resource, sub, ns, name, obj, old, N1);
    }

    /** null when admitted, else the denial's message. */
    String outcome(AdmissionRequest r) {
        if (!plugin.handles(r)) {
            return null;
        }
        Future<Void> f = plugin.admit(r);
        assertThat(f.isComplete()).isTrue();
        if (f.succeeded()) {
            return null;
        }
        assertThat(f.cause()).isInstanceOf(AdmissionDenied.class);
        AdmissionDenied d = (AdmissionDenied) f.cause();
        return d.code() + " " + d.getMessage();
    }

    ObjectNode mirror() {
        return json("""
                {'metadata': {'namespace': 'kube-system', 'name': 'etcd-n1',
                  'annotations': {'kubernetes.io/config.mirror': 'hash'},
                  'ownerReferences': [{'apiVersion': 'v1', 'kind': 'Node', 'name': 'n1', 'uid': 'node-uid', 'controller': true}]},
                 'spec': {'nodeName': 'n1', 'containers': [{'name': 'c', 'image': 'i'}]}}""");
    }

    @Test
    void otherUsersAreNotTouched() {
        AdmissionRequest r = req(Operation.UPDATE, "", "nodes", "", "", "n2", json("{}"), json("{}"), ADMIN);
        assertThat(plugin.handles(r)).isFalse();
        assertThat(plugin.admit(r).succeeded()).isTrue();
    }

    @Test
    void mirrorPodsOnlyBoundToAndOwnedByItself() {
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", mirror(), null))).isNull();
        ObjectNode plain = mirror();
        plain.with("metadata").remove("annotations");
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", plain, null))).isEqualTo(
                "403 pods \"etcd-n1\" is forbidden: pod does not have \"kubernetes.io/config.mirror\" annotation, "
                        + "node \"n1\" can only create mirror pods");
        ObjectNode elsewhere = mirror();
        elsewhere.with("spec").put("nodeName", "n2");
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", elsewhere, null))).isEqualTo(
                "403 pods \"etcd-n1\" is forbidden: node \"n1\" can only create pods with spec.nodeName set to itself");
        ObjectNode notController = mirror();
        ((ObjectNode) notController.path("metadata").path("ownerReferences").get(0)).put("controller", false);
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", notController, null)))
                .endsWith("node \"n1\" can only create pods with a controller owner reference set to itself");
        ObjectNode wrongUid = mirror();
        ((ObjectNode) wrongUid.path("metadata").path("ownerReferences").get(0)).put("uid", "stale");
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", wrongUid, null)))
                .endsWith("node n1 UID mismatch: expected stale got node-uid");
        ObjectNode withSecret = mirror();
        withSecret.with("spec").putArray("volumes").add(json("{'name': 'v', 'secret': {'secretName': 's'}}"));
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", withSecret, null)))
                .endsWith("node \"n1\" can not create pods that reference secrets");
        ObjectNode withSa = mirror();
        withSa.with("spec").put("serviceAccountName", "default");
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", withSa, null)))
                .endsWith("node \"n1\" can not create pods that reference a service account");
        ObjectNode withClaim = mirror();
        withClaim.with("spec").putArray("volumes").add(json("{'name': 'v', 'persistentVolumeClaim': {'claimName': 'c'}}"));
        assertThat(outcome(req(Operation.CREATE, "pods", "", "kube-system", "etcd-n1", withClaim, null)))
                .endsWith("node \"n1\" can not create pods that reference persistentvolumeclaims");
    }

    @Test
    void itsOwnPodsStatusEvictionAndDeletion() {
        ObjectNode mine = objects.get("pods/default/mine");
        ObjectNode updated = mine.deepCopy();
        updated.putObject("status").put("phase", "Running");
        assertThat(outcome(req(Operation.UPDATE, "pods", "status", "default", "mine", updated, mine))).isNull();
        ObjectNode relabeled = updated.deepCopy();
        relabeled.with("metadata").with("labels").put("app", "b");
        assertThat(outcome(req(Operation.UPDATE, "pods", "status", "default", "mine", relabeled, mine)))
                .isEqualTo("403 pods \"mine\" is forbidden: node \"n1\" cannot update labels through pod status");
        ObjectNode theirs = objects.get("pods/default/theirs");
        assertThat(outcome(req(Operation.UPDATE, "pods", "status", "default", "theirs", theirs, theirs))).isEqualTo(
                "403 pods \"theirs\" is forbidden: node \"n1\" can only update pod status for pods with spec.nodeName set to itself");
        assertThat(outcome(req(Operation.DELETE, "pods", "", "default", "mine", null, mine))).isNull();
        assertThat(outcome(req(Operation.DELETE, "pods", "", "default", "theirs", null, theirs))).isEqualTo(
                "403 pods \"theirs\" is forbidden: node \"n1\" can only delete pods with spec.nodeName set to itself");
        assertThat(outcome(req(Operation.UPDATE, "pods", "", "default", "mine", mine, mine))).isEqualTo(
                "403 pods \"mine\" is forbidden: unexpected operation \"UPDATE\", node \"n1\" can only create and delete mirror pods");
        ObjectNode eviction = json("{'metadata': {'name': 'x'}}");
        assertThat(outcome(req(Operation.CREATE, "pods", "eviction", "default", "mine", eviction, null))).isNull();
        assertThat(outcome(req(Operation.CREATE, "pods", "eviction", "default", "theirs", eviction, null))).isEqualTo(
                "403 pods \"theirs\" is forbidden: node n1 can only evict pods with spec.nodeName set to itself");
        assertThat(outcome(req(Operation.CREATE, "pods", "eviction", "default", "gone", eviction, null)))
                .isEqualTo("404 pods \"gone\" not found");
        assertThat(outcome(req(Operation.CREATE, "pods", "binding", "default", "mine", json("{}"), null))).isEqualTo(
                "403 pods \"mine\" is forbidden: unexpected pod subresource \"binding\", only 'status' and 'eviction' are allowed");
    }

    @Test
    void itsOwnNodeWithoutTaintOrRestrictedLabelChanges() {
        ObjectNode old = json("{'metadata': {'name': 'n1', 'labels': {'kubernetes.io/hostname': 'n1', 'team': 'a', "
                + "'node-role.kubernetes.io/worker': ''}}, 'spec': {'taints': [{'key': 'k', 'effect': 'NoSchedule'}]}}");
        ObjectNode ok = old.deepCopy();
        ok.with("metadata").with("labels").put("team", "b").put("topology.kubernetes.io/zone", "z")
                .put("feature.node.kubernetes.io/gpu", "true");
        ok.putObject("status").put("phase", "Running");
        assertThat(outcome(req(Operation.UPDATE, "nodes", "status", "", "n1", ok, old))).isNull();
        assertThat(outcome(req(Operation.UPDATE, "nodes", "", "", "n2", ok, old)))
                .isEqualTo("403 nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"");
        assertThat(outcome(req(Operation.DELETE, "nodes", "", "", "n2", null, old)))
                .isEqualTo("403 nodes \"n2\" is forbidden: node \"n1\" is not allowed to modify node \"n2\"");
        ObjectNode untainted = old.deepCopy();
        untainted.with("spec").remove("taints");
        assertThat(outcome(req(Operation.UPDATE, "nodes", "", "", "n1", untainted, old)))
                .isEqualTo("403 nodes \"n1\" is forbidden: node \"n1\" is not allowed to modify taints");
        ObjectNode relabeled = old.deepCopy();
        relabeled.with("metadata").with("labels").put("node-restriction.kubernetes.io/secure", "true")
                .put("example.k8s.io/x", "y");
        relabeled.with("metadata").with("labels").remove("node-role.kubernetes.io/worker");
        assertThat(outcome(req(Operation.UPDATE, "nodes", "", "", "n1", relabeled, old))).isEqualTo(
                "403 nodes \"n1\" is forbidden: is not allowed to modify labels: example.k8s.io/x, "
                        + "node-restriction.kubernetes.io/secure, node-role.kubernetes.io/worker");
        ObjectNode created = json("{'metadata': {'name': 'n1', 'labels': {'kubernetes.io/os': 'linux', "
                + "'node-role.kubernetes.io/master': 'true'}}}");
        assertThat(outcome(req(Operation.CREATE, "nodes", "", "", "n1", created, null))).isEqualTo(
                "403 nodes \"n1\" is forbidden: node \"n1\" is not allowed to set the following labels: "
                        + "node-role.kubernetes.io/master");
        ObjectNode configured = json("{'metadata': {'name': 'n1'}, 'spec': {'configSource': {'configMap': {'name': 'c'}}}}");
        assertThat(outcome(req(Operation.CREATE, "nodes", "", "", "n1", configured, null))).isEqualTo(
                "403 nodes \"n1\" is forbidden: node \"n1\" is not allowed to create pods with a non-nil configSource");
        assertThat(outcome(req(Operation.UPDATE, "nodes", "", "", "n1", configured, json("{'metadata': {'name': 'n1'}}"))))
                .endsWith("node \"n1\" is not allowed to update configSource to a new non-nil configSource");
    }

    @Test
    void itsOwnLeaseAndCsiNode() {
        ObjectNode lease = json("{'metadata': {'name': 'n1', 'namespace': 'kube-node-lease'}}");
        assertThat(outcome(req(Operation.CREATE, "coordination.k8s.io", "leases", "", "kube-node-lease", "n1", lease, null, N1)))
                .isNull();
        ObjectNode other = json("{'metadata': {'name': 'n2', 'namespace': 'kube-node-lease'}}");
        assertThat(outcome(req(Operation.CREATE, "coordination.k8s.io", "leases", "", "kube-node-lease", "n2", other, null, N1)))
                .isEqualTo("403 leases.coordination.k8s.io \"n2\" is forbidden: "
                        + "can only access node lease with the same name as the requesting node");
        assertThat(outcome(req(Operation.UPDATE, "coordination.k8s.io", "leases", "", "default", "n1", lease, lease, N1)))
                .endsWith("can only access leases in the \"kube-node-lease\" system namespace");
        ObjectNode csi = json("{'metadata': {'name': 'n2'}}");
        assertThat(outcome(req(Operation.CREATE, "storage.k8s.io", "csinodes", "", "", "n2", csi, null, N1)))
                .endsWith("can only access CSINode with the same name as the requesting node");
    }

    @Test
    void tokensOnlyBoundToItsPods() {
        ObjectNode tr = json("{'spec': {'boundObjectRef': {'apiVersion': 'v1', 'kind': 'Pod', 'name': 'mine', 'uid': 'uid-mine'}}}");
        assertThat(outcome(req(Operation.CREATE, "serviceaccounts", "token", "default", "sa", tr, null))).isNull();
        ObjectNode unbound = json("{'spec': {'audiences': ['x']}}");
        assertThat(outcome(req(Operation.CREATE, "serviceaccounts", "token", "default", "sa", unbound, null)))
                .isEqualTo("403 serviceaccounts \"sa\" is forbidden: node requested token not bound to a pod");
        ObjectNode noUid = json("{'spec': {'boundObjectRef': {'apiVersion': 'v1', 'kind': 'Pod', 'name': 'mine'}}}");
        assertThat(outcome(req(Operation.CREATE, "serviceaccounts", "token", "default", "sa", noUid, null)))
                .endsWith("node requested token with a pod binding without a uid");
        ObjectNode stale = json("{'spec': {'boundObjectRef': {'apiVersion': 'v1', 'kind': 'Pod', 'name': 'mine', 'uid': 'old'}}}");
        assertThat(outcome(req(Operation.CREATE, "serviceaccounts", "token", "default", "sa", stale, null))).endsWith(
                "the UID in the bound object reference (old) does not match the UID in record. "
                        + "The object might have been deleted and then recreated");
        ObjectNode theirs = json("{'spec': {'boundObjectRef': {'apiVersion': 'v1', 'kind': 'Pod', 'name': 'theirs', 'uid': 'uid-theirs'}}}");
        assertThat(outcome(req(Operation.CREATE, "serviceaccounts", "token", "default", "sa", theirs, null)))
                .endsWith("node requested token bound to a pod scheduled on a different node");
    }

    @Test
    void pvcStatusFieldsOnly() {
        ObjectNode old = json("{'metadata': {'name': 'c', 'namespace': 'default', 'resourceVersion': '1'}, "
                + "'spec': {'resources': {'requests': {'storage': '2Gi'}}}, 'status': {'phase': 'Bound', 'capacity': {'storage': '1Gi'}}}");
        ObjectNode grown = old.deepCopy();
        grown.with("metadata").put("resourceVersion", "2");
        grown.with("status").with("capacity").put("storage", "2Gi");
        grown.with("status").putArray("conditions").add(json("{'type': 'Resizing', 'status': 'True'}"));
        assertThat(outcome(req(Operation.UPDATE, "persistentvolumeclaims", "status", "default", "c", grown, old))).isNull();
        ObjectNode sneaky = grown.deepCopy();
        sneaky.with("metadata").putArray("finalizers").add("x");
        sneaky.with("status").put("phase", "Lost");
        assertThat(outcome(req(Operation.UPDATE, "persistentvolumeclaims", "status", "default", "c", sneaky, old))).isEqualTo(
                "403 persistentvolumeclaims \"c\" is forbidden: node \"n1\" is not allowed to update fields other than "
                        + "status.capacity and status.conditions: metadata.finalizers, status.phase");
        assertThat(outcome(req(Operation.UPDATE, "persistentvolumeclaims", "", "default", "c", grown, old)))
                .endsWith("may only update PVC status");
    }

    @Test
    void aNodeWithoutANameIsRefused() {
        UserInfo nameless = new UserInfo("system:node:", List.of("system:nodes"));
        AdmissionRequest r = req(Operation.CREATE, "", "configmaps", "", "default", "x", json("{}"), null, nameless);
        assertThat(outcome(r)).isEqualTo("403 configmaps \"x\" is forbidden: could not determine node from user \"system:node:\"");
    }
}
