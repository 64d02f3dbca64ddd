package io.k3j.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static io.k3j.controller.CoreControllerServer.M;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The garbage collector in all three propagation modes, with dangling, cluster-scoped and cross-namespace owners. */
class GarbageCollectorTest {

    static final GroupVersionResource CM = new GroupVersionResource("", "v1", "configmaps");
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final GroupVersionResource PRIORITY = new GroupVersionResource("scheduling.k8s.io", "v1", "priorityclasses");
    static final String NS = "gc-test";

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir);
        k3j.createNamespace(NS);
        k3j.createNamespace(NS + "-other");
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.deleteNamespace(NS);
            k3j.deleteNamespace(NS + "-other");
            k3j.close();
        }
    }

    static ObjectNode configMap(String name, ObjectNode... owners) {
        ObjectNode cm = M.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata").put("name", name);
        var refs = meta.putArray("ownerReferences");
        for (ObjectNode o : owners) {
            refs.add(ref(o, false));
        }
        if (owners.length == 0) {
            meta.remove("ownerReferences");
        }
        return cm;
    }

    static ObjectNode ref(ObjectNode owner, boolean block) {
        return M.createObjectNode().put("apiVersion", owner.path("apiVersion").asText()).put("kind", owner.path("kind").asText())
                .put("name", owner.path("metadata").path("name").asText()).put("uid", owner.path("metadata").path("uid").asText())
                .put("blockOwnerDeletion", block);
    }

    ObjectNode owner(String name) {
        return k3j.create(CM, NS, configMap(name));
    }

    ObjectNode dependent(String name, ObjectNode... owners) {
        return k3j.create(CM, NS, configMap(name, owners));
    }

    @Test
    void backgroundDeletionRemovesDependentsOfEveryKind() {
        ObjectNode owner = owner("bg-owner");
        dependent("bg-dep-1", owner);
        ObjectNode secret = M.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put("name", "bg-dep-2").putArray("ownerReferences").add(ref(owner, false));
        k3j.create(SECRETS, NS, secret);
        ObjectNode bystander = dependent("bg-bystander");

        k3j.delete(CM, NS, "bg-owner", DeleteOptions.propagation("Background"));
        k3j.waitGone(CM, NS, "bg-dep-1");
        k3j.waitGone(SECRETS, NS, "bg-dep-2");
        assertThat(k3j.getOrNull(CM, NS, "bg-bystander")).isNotNull();
        k3j.delete(CM, NS, bystander.path("metadata").path("name").asText(), DeleteOptions.DEFAULT);
    }

    @Test
    void foregroundDeletionWaitsForBlockingDependents() {
        ObjectNode owner = owner("fg-owner");
        ObjectNode held = configMap("fg-held");
        ((ObjectNode) held.get("metadata")).putArray("ownerReferences").add(ref(owner, true));
        ((ObjectNode) held.get("metadata")).putArray("finalizers").add("example.com/hold");
        k3j.create(CM, NS, held);
        ObjectNode free = configMap("fg-free");
        ((ObjectNode) free.get("metadata")).putArray("ownerReferences").add(ref(owner, true));
        k3j.create(CM, NS, free);

        k3j.delete(CM, NS, "fg-owner", DeleteOptions.propagation("Foreground"));
        k3j.waitGone(CM, NS, "fg-free");
        k3j.waitFor("held dependent being deleted", CM, NS, "fg-held", o -> o.path("metadata").has("deletionTimestamp"));
        ObjectNode waiting = k3j.getOrNull(CM, NS, "fg-owner");
        assertThat(waiting).as("the owner waits for its blocking dependent").isNotNull();
        assertThat(waiting.path("metadata").path("finalizers").toString()).contains("foregroundDeletion");

        await(k3j.client.patch(CM, NS, "fg-held", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}", "",
                CoreControllerServer.TEST));
        k3j.waitGone(CM, NS, "fg-held");
        k3j.waitGone(CM, NS, "fg-owner");
    }

    @Test
    void foregroundDeletionDoesNotWaitForNonBlockingDependents() {
        ObjectNode owner = owner("fg2-owner");
        ObjectNode held = configMap("fg2-held", owner); // blockOwnerDeletion false
        ((ObjectNode) held.get("metadata")).putArray("finalizers").add("example.com/hold");
        k3j.create(CM, NS, held);

        k3j.delete(CM, NS, "fg2-owner", DeleteOptions.propagation("Foreground"));
        k3j.waitGone(CM, NS, "fg2-owner");
        k3j.waitFor("non-blocking dependent deleted too", CM, NS, "fg2-held", o -> o.path("metadata").has("deletionTimestamp"));
        await(k3j.client.patch(CM, NS, "fg2-held", PatchType.MERGE, "{\"metadata\":{\"finalizers\":null}}", "",
                CoreControllerServer.TEST));
        k3j.waitGone(CM, NS, "fg2-held");
    }

    @Test
    void orphanDeletionKeepsDependentsAndDropsTheirReference() {
        ObjectNode owner = owner("or-owner");
        ObjectNode other = owner("or-other-owner");
        dependent("or-dep-1", owner);
        dependent("or-dep-2", owner, other);

        k3j.delete(CM, NS, "or-owner", DeleteOptions.propagation("Orphan"));
        k3j.waitGone(CM, NS, "or-owner");
        ObjectNode dep1 = k3j.getOrNull(CM, NS, "or-dep-1");
        assertThat(dep1).isNotNull();
        assertThat(dep1.path("metadata").path("ownerReferences").size()).isZero();
        ObjectNode dep2 = k3j.getOrNull(CM, NS, "or-dep-2");
        assertThat(dep2.path("metadata").path("ownerReferences")).hasSize(1);
        assertThat(dep2.path("metadata").path("ownerReferences").get(0).path("name").asText()).isEqualTo("or-other-owner");
        for (String n : new String[]{"or-dep-1", "or-dep-2", "or-other-owner"}) {
            k3j.delete(CM, NS, n, DeleteOptions.propagation("Orphan"));
        }
    }

    @Test
    void danglingOwnersAreVerifiedAndCollected() {
        ObjectNode ghost = configMap("never-existed");
        ghost.put("apiVersion", "v1").put("kind", "ConfigMap");
        ((ObjectNode) ghost.get("metadata")).put("uid", UUID.randomUUID().toString());
        dependent("dangling-dep", ghost);
        k3j.waitGone(CM, NS, "dangling-dep");

        ObjectNode real = owner("half-owner");
        dependent("half-dangling", real, ghost);
        k3j.waitFor("dangling reference dropped", CM, NS, "half-dangling",
                o -> o.path("metadata").path("ownerReferences").size() == 1);
        k3j.delete(CM, NS, "half-owner", DeleteOptions.DEFAULT);
        k3j.waitGone(CM, NS, "half-dangling");
    }

    @Test
    void clusterScopedOwnersOwnNamespacedDependents() {
        ObjectNode pc = M.createObjectNode().put("apiVersion", "scheduling.k8s.io/v1").put("kind", "PriorityClass").put("value", 7);
        pc.putObject("metadata").put("name", "gc-test-owner");
        ObjectNode owner = k3j.create(PRIORITY, "", pc);
        dependent("owned-by-cluster", owner);
        k3j.delete(PRIORITY, "", "gc-test-owner", DeleteOptions.DEFAULT);
        k3j.waitGone(CM, NS, "owned-by-cluster");
    }

    @Test
    void anOwnerInAnotherNamespaceIsNoOwner() {
        ObjectNode elsewhere = k3j.create(CM, NS + "-other", configMap("elsewhere-owner"));
        dependent("cross-ns-dep", elsewhere);
        k3j.waitGone(CM, NS, "cross-ns-dep");
        assertThat(k3j.getOrNull(CM, NS + "-other", "elsewhere-owner")).isNotNull();
        CoreControllerServer.poll("OwnerRefInvalidNamespace event", () -> k3j.list(EVENTS, NS).stream().anyMatch(e ->
                e.path("reason").asText().equals("OwnerRefInvalidNamespace")
                        && e.path("involvedObject").path("name").asText().equals("cross-ns-dep")
                        && e.path("message").asText().contains("does not exist in namespace \"" + NS + "\"")));
    }
}
