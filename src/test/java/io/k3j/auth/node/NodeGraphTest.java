package io.k3j.auth.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.k3j.auth.node.ObjectRef.Kind.CONFIGMAP;
import static io.k3j.auth.node.ObjectRef.Kind.POD;
import static io.k3j.auth.node.ObjectRef.Kind.PV;
import static io.k3j.auth.node.ObjectRef.Kind.PVC;
import static io.k3j.auth.node.ObjectRef.Kind.RESOURCE_CLAIM;
import static io.k3j.auth.node.ObjectRef.Kind.SECRET;
import static io.k3j.auth.node.ObjectRef.Kind.SERVICE_ACCOUNT;
import static io.k3j.auth.node.ObjectRef.Kind.VOLUME_ATTACHMENT;
import static org.assertj.core.api.Assertions.assertThat;

class NodeGraphTest {

    static final ObjectMapper M = new ObjectMapper();

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A pod in ns "default" on {@code node} that uses everything a pod can point at. */
    static ObjectNode busyPod(String name, String node) {
        return json("""
                {'metadata': {'namespace': 'default', 'name': '%s', 'uid': 'u-%s'},
                 'spec': {'nodeName': '%s', 'serviceAccountName': 'sa',
                   'imagePullSecrets': [{'name': 'pull'}],
                   'initContainers': [{'name': 'i', 'envFrom': [{'secretRef': {'name': 'init-env'}}]}],
                   'containers': [{'name': 'c',
                      'env': [{'name': 'A', 'valueFrom': {'secretKeyRef': {'name': 'env-secret', 'key': 'k'}}},
                              {'name': 'B', 'valueFrom': {'configMapKeyRef': {'name': 'env-cm', 'key': 'k'}}}],
                      'envFrom': [{'configMapRef': {'name': 'envfrom-cm'}}]}],
                   'ephemeralContainers': [{'name': 'e', 'envFrom': [{'secretRef': {'name': 'debug-secret'}}]}],
                   'volumes': [
                      {'name': 'v1', 'secret': {'secretName': 'vol-secret'}},
                      {'name': 'v2', 'configMap': {'name': 'vol-cm'}},
                      {'name': 'v3', 'projected': {'sources': [{'secret': {'name': 'proj-secret'}},
                                                              {'configMap': {'name': 'proj-cm'}}]}},
                      {'name': 'v4', 'persistentVolumeClaim': {'claimName': 'data'}},
                      {'name': 'scratch', 'ephemeral': {'volumeClaimTemplate': {'spec': {}}}},
                      {'name': 'v6', 'csi': {'driver': 'd', 'nodePublishSecretRef': {'name': 'csi-secret'}}},
                      {'name': 'v7', 'rbd': {'secretRef': {'name': 'rbd-secret'}}}],
                   'resourceClaims': [{'name': 'gpu', 'resourceClaimName': 'gpu-claim'},
                                      {'name': 'tpl', 'resourceClaimTemplateName': 't'}]},
                 'status': {'resourceClaimStatuses': [{'name': 'tpl', 'resourceClaimName': '%s-tpl-x'}]}}
                """.formatted(name, name, node, name));
    }

    static ObjectNode pod(String name, String node, String secret) {
        return json("""
                {'metadata': {'namespace': 'default', 'name': '%s'},
                 'spec': {'nodeName': '%s', 'volumes': [{'name': 'v', 'secret': {'secretName': '%s'}}]}}
                """.formatted(name, node, secret));
    }

    static ObjectRef ref(ObjectRef.Kind k, String name) {
        return new ObjectRef(k, "default", name);
    }

    @Test
    void aBoundPodOpensEverythingItReferencesToItsNodeOnly() {
        NodeGraph g = new NodeGraph();
        g.upsertPod(busyPod("web", "n1"));
        for (String s : List.of("pull", "init-env", "env-secret", "debug-secret", "vol-secret", "proj-secret",
                "csi-secret", "rbd-secret")) {
            assertThat(g.reaches("n1", ref(SECRET, s))).as(s).isTrue();
            assertThat(g.reaches("n2", ref(SECRET, s))).as(s).isFalse();
        }
        for (String c : List.of("env-cm", "envfrom-cm", "vol-cm", "proj-cm")) {
            assertThat(g.reaches("n1", ref(CONFIGMAP, c))).as(c).isTrue();
        }
        assertThat(g.reaches("n1", ref(PVC, "data"))).isTrue();
        assertThat(g.reaches("n1", ref(PVC, "web-scratch"))).isTrue();
        assertThat(g.reaches("n1", ref(SERVICE_ACCOUNT, "sa"))).isTrue();
        assertThat(g.reaches("n1", ref(RESOURCE_CLAIM, "gpu-claim"))).isTrue();
        assertThat(g.reaches("n1", ref(RESOURCE_CLAIM, "web-tpl-x"))).isTrue();
        assertThat(g.reaches("n1", ref(POD, "web"))).isTrue();
        // Same name, other namespace: not the same object.
        assertThat(g.reaches("n1", new ObjectRef(SECRET, "other", "vol-secret"))).isFalse();
        assertThat(g.reaches("n1", ref(SECRET, "unrelated"))).isFalse();
    }

    @Test
    void unboundPodsAndMirrorPodsGrantNothing() {
        NodeGraph g = new NodeGraph();
        ObjectNode pending = pod("p", "", "s");
        g.upsertPod(pending);
        assertThat(g.podCount()).isZero();
        ObjectNode mirror = pod("m", "n1", "s");
        mirror.with("metadata").putObject("annotations").put(PodReferences.MIRROR_ANNOTATION, "x");
        g.upsertPod(mirror);
        assertThat(g.reaches("n1", ref(SECRET, "s"))).isFalse();
        assertThat(g.reaches("n1", ref(POD, "m"))).as("the mirror pod itself is its node's").isTrue();
    }

    @Test
    void sharedSecretsStayReachableUntilTheLastPodGoes() {
        NodeGraph g = new NodeGraph();
        g.upsertPod(pod("a", "n1", "shared"));
        g.upsertPod(pod("b", "n1", "shared"));
        g.removePod("default", "a");
        assertThat(g.reaches("n1", ref(SECRET, "shared"))).isTrue();
        g.removePod("default", "b");
        assertThat(g.reaches("n1", ref(SECRET, "shared"))).isFalse();
        g.removePod("default", "b"); // twice is harmless
        assertThat(g.podCount()).isZero();
    }

    @Test
    void rebindingMovesAccessToTheNewNode() {
        NodeGraph g = new NodeGraph();
        g.upsertPod(pod("a", "n1", "s"));
        g.upsertPod(pod("a", "n2", "s"));
        assertThat(g.reaches("n1", ref(SECRET, "s"))).isFalse();
        assertThat(g.reaches("n2", ref(SECRET, "s"))).isTrue();
    }

    @Test
    void persistentVolumesAndTheirSecretsFollowTheBoundClaim() {
        NodeGraph g = new NodeGraph();
        g.upsertPv(json("""
                {'metadata': {'name': 'pv1'}, 'spec': {'claimRef': {'namespace': 'default', 'name': 'data'},
                  'csi': {'driver': 'd', 'nodeStageSecretRef': {'name': 'stage'},
                          'controllerPublishSecretRef': {'name': 'ctrl', 'namespace': 'default'}},
                  'cephfs': {'secretRef': {'name': 'ceph', 'namespace': 'storage'}}}}"""));
        assertThat(g.reaches("n1", new ObjectRef(PV, "", "pv1"))).as("no pod uses the claim yet").isFalse();
        g.upsertPod(json("""
                {'metadata': {'namespace': 'default', 'name': 'db'},
                 'spec': {'nodeName': 'n1', 'volumes': [{'name': 'v', 'persistentVolumeClaim': {'claimName': 'data'}}]}}"""));
        assertThat(g.reaches("n1", new ObjectRef(PV, "", "pv1"))).isTrue();
        assertThat(g.reaches("n2", new ObjectRef(PV, "", "pv1"))).isFalse();
        assertThat(g.reaches("n1", ref(SECRET, "stage"))).as("namespace defaults to the claim's").isTrue();
        assertThat(g.reaches("n1", new ObjectRef(SECRET, "storage", "ceph"))).isTrue();
        assertThat(g.reaches("n1", ref(SECRET, "ctrl"))).as("controller-side secrets are not the kubelet's").isFalse();
        g.removePv("pv1");
        assertThat(g.reaches("n1", ref(SECRET, "stage"))).isFalse();
        assertThat(g.reaches("n1", new ObjectRef(PV, "", "pv1"))).isFalse();
    }

    @Test
    void volumeAttachmentsBelongToTheirNode() {
        NodeGraph g = new NodeGraph();
        ObjectRef va = new ObjectRef(VOLUME_ATTACHMENT, "", "va1");
        g.upsertVolumeAttachment(json("{'metadata': {'name': 'va1'}, 'spec': {'nodeName': 'n1'}}"));
        assertThat(g.reaches("n1", va)).isTrue();
        assertThat(g.reaches("n2", va)).isFalse();
        g.removeVolumeAttachment("va1");
        assertThat(g.reaches("n1", va)).isFalse();
    }

    @Test
    void replacingPodsForgetsThoseNotInTheNewSnapshot() {
        NodeGraph g = new NodeGraph();
        g.upsertPod(pod("a", "n1", "old"));
        g.replacePods(List.of(pod("b", "n1", "new")));
        assertThat(g.reaches("n1", ref(SECRET, "old"))).isFalse();
        assertThat(g.reaches("n1", ref(SECRET, "new"))).isTrue();
        assertThat(g.podCount()).isEqualTo(1);
    }
}
