package io.k3j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.controller.CoreControllerServer.M;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a namespace: content goes (pods first), conditions tell what holds it up, then the namespace goes. */
class NamespaceControllerTest {

    static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    static final GroupVersionResource CM = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource NODES = new GroupVersionResource("", "v1", "nodes");
    static final GroupVersionResource ROLES = new GroupVersionResource("rbac.authorization.k8s.io", "v1", "roles");

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir);
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.close();
        }
    }

    static ObjectNode named(String apiVersion, String kind, String name) {
        ObjectNode o = M.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }

    static ObjectNode pod(String name, String node) {
        ObjectNode p = named("v1", "Pod", name);
        ObjectNode spec = p.putObject("spec");
        spec.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        if (node != null) {
            spec.put("nodeName", node);
        }
        return p;
    }

    @Test
    void deletingANamespaceEmptiesItAndRemovesIt() {
        k3j.createNamespace("ns-full");
        k3j.create(CM, "ns-full", named("v1", "ConfigMap", "one"));
        k3j.create(CM, "ns-full", named("v1", "ConfigMap", "two"));
        k3j.create(SECRETS, "ns-full", named("v1", "Secret", "s"));
        k3j.create(ROLES, "ns-full", named("rbac.authorization.k8s.io/v1", "Role", "r"));
        k3j.create(PODS, "ns-full", pod("unscheduled", null));

        k3j.delete(NAMESPACES, "", "ns-full", DeleteOptions.DEFAULT);
        k3j.waitGone(NAMESPACES, "", "ns-full");
        assertThat(k3j.list(CM, "ns-full")).isEmpty();
        assertThat(k3j.list(SECRETS, "ns-full")).isEmpty();
        assertThat(k3j.list(ROLES, "ns-full")).isEmpty();
        assertThat(k3j.list(PODS, "ns-full")).isEmpty();
    }

    @Test
    void podsGoFirstAndOtherContentWaitsForThem() {
        k3j.create(NODES, "", named("v1", "Node", "ns-test-node"));
        k3j.createNamespace("ns-pods");
        k3j.create(CM, "ns-pods", named("v1", "ConfigMap", "config"));
        k3j.create(PODS, "ns-pods", pod("running", "ns-test-node"));

        k3j.delete(NAMESPACES, "", "ns-pods", DeleteOptions.DEFAULT);
        // No kubelet finishes the pod, so it stays terminating; the namespace says so and keeps everything else.
        k3j.waitFor("pods reported remaining", NAMESPACES, "", "ns-pods", ns -> condition(ns, "NamespaceContentRemaining")
                .path("message").asText().equals("Some resources are remaining: pods. has 1 resource instances"));
        assertThat(k3j.getOrNull(PODS, "ns-pods", "running").path("metadata").has("deletionTimestamp")).isTrue();
        assertThat(k3j.getOrNull(CM, "ns-pods", "config")).as("deleted only after the pods are gone").isNotNull();

        // With the node gone the pod garbage collector removes the pod, and deletion runs to the end.
        k3j.delete(NODES, "", "ns-test-node", DeleteOptions.DEFAULT);
        k3j.waitGone(NAMESPACES, "", "ns-pods");
        assertThat(k3j.list(CM, "ns-pods")).isEmpty();
    }

    @Test
    void finalizersKeepTheNamespaceTerminatingWithUpstreamConditions() {
        k3j.createNamespace("ns-held");
        ObjectNode held = named("v1", "ConfigMap", "held");
        ((ObjectNode) held.get("metadata")).putArray("finalizers").add("example.com/hold");
        k3j.create(CM, "ns-held", held);

        k3j.delete(NAMESPACES, "", "ns-held", DeleteOptions.DEFAULT);
        ObjectNode ns = k3j.waitFor("finalizer reported", NAMESPACES, "", "ns-held",
                n -> "True".equals(condition(n, "NamespaceFinalizersRemaining").path("status").asText()));
        assertThat(ns.path("status").path("phase").asText()).isEqualTo("Terminating");
        assertThat(ns.path("spec").path("finalizers").toString()).contains("kubernetes");
        JsonNode fin = condition(ns, "NamespaceFinalizersRemaining");
        assertThat(fin.path("reason").asText()).isEqualTo("SomeFinalizersRemain");
        assertThat(fin.path("message").asText())
                .isEqualTo("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
        JsonNode remaining = condition(ns, "NamespaceContentRemaining");
        assertThat(remaining.path("reason").asText()).isEqualTo("SomeResourcesRemain");
        assertThat(remaining.path("message").asText()).isEqualTo("Some resources are remaining: configmaps. has 1 resource instances");
        JsonNode discovery = condition(ns, "NamespaceDeletionDiscoveryFailure");
        assertThat(discovery.path("status").asText()).isEqualTo("False");
        assertThat(discovery.path("reason").asText()).isEqualTo("ResourcesDiscovered");
        assertThat(discovery.path("message").asText()).isEqualTo("All resources successfully discovered");
        JsonNode content = condition(ns, "NamespaceDeletionContentFailure");
        assertThat(content.path("reason").asText()).isEqualTo("ContentDeleted");
        assertThat(condition(ns, "NamespaceDeletionGroupVersionParsingFailure").path("reason").asText())
                .isEqualTo("ParsedGroupVersions");

        await(k3j.client.patch(CM, "ns-held", "held", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}", "",
                CoreControllerServer.TEST));
        k3j.waitGone(NAMESPACES, "", "ns-held");
    }

    @Test
    void aNamespaceWithAnotherSpecFinalizerStaysAfterOursIsRemoved() {
        ObjectNode ns = named("v1", "Namespace", "ns-other-finalizer");
        ns.putObject("spec").putArray("finalizers").add("kubernetes").add("example.com/external");
        k3j.create(NAMESPACES, "", ns);
        k3j.delete(NAMESPACES, "", "ns-other-finalizer", DeleteOptions.DEFAULT);
        k3j.waitFor("only the foreign finalizer left", NAMESPACES, "", "ns-other-finalizer",
                n -> n.path("spec").path("finalizers").toString().equals("[\"example.com/external\"]"));
        ObjectNode finalize = k3j.getOrNull(NAMESPACES, "", "ns-other-finalizer");
        ((ObjectNode) finalize.get("spec")).putArray("finalizers");
        await(k3j.client.updateSubresource(NAMESPACES, "", finalize, "finalize", CoreControllerServer.TEST));
        k3j.waitGone(NAMESPACES, "", "ns-other-finalizer");
    }

    static JsonNode condition(JsonNode ns, String type) {
        for (JsonNode c : ns.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return M.createObjectNode();
    }
}
