package io.k3j.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The serviceaccount controller and the root CA publisher: what every namespace gets, and keeps. */
class NamespaceDefaultsTest {

    static final GroupVersionResource SA = new GroupVersionResource("", "v1", "serviceaccounts");
    static final GroupVersionResource CM = new GroupVersionResource("", "v1", "configmaps");

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;
    static String caPem;

    @BeforeAll
    static void boot() throws Exception {
        k3j = CoreControllerServer.start(dir);
        caPem = Files.readString(k3j.server.config().tlsDir().resolve("server-ca.crt"));
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.close();
        }
    }

    @Test
    void existingNamespacesGetTheirDefaultsAtStart() {
        for (String ns : new String[]{"default", "kube-system"}) {
            k3j.waitFor("default SA in " + ns, SA, ns, "default", o -> true);
            ObjectNode cm = k3j.waitFor("root CA in " + ns, CM, ns, "kube-root-ca.crt", o -> true);
            assertThat(cm.path("data").path("ca.crt").asText()).isEqualTo(caPem);
        }
    }

    @Test
    void aNewNamespaceGetsADefaultServiceAccountRecreatedWhenDeleted() {
        k3j.createNamespace("sa-test");
        try {
            ObjectNode first = k3j.waitFor("default SA", SA, "sa-test", "default", o -> true);
            k3j.delete(SA, "sa-test", "default", DeleteOptions.DEFAULT);
            ObjectNode again = k3j.waitFor("default SA recreated", SA, "sa-test", "default",
                    o -> !o.path("metadata").path("uid").equals(first.path("metadata").path("uid")));
            assertThat(again.path("metadata").path("name").asText()).isEqualTo("default");
        } finally {
            k3j.deleteNamespace("sa-test");
        }
    }

    @Test
    void theRootCaConfigMapIsPublishedAndRestoredAfterEditsAndDeletes() {
        k3j.createNamespace("ca-test");
        try {
            ObjectNode cm = k3j.waitFor("root CA", CM, "ca-test", "kube-root-ca.crt", o -> true);
            assertThat(cm.path("data").path("ca.crt").asText()).isEqualTo(caPem);
            assertThat(cm.path("metadata").path("annotations").path("kubernetes.io/description").asText())
                    .startsWith("Contains a CA bundle that can be used to verify the kube-apiserver");

            await(k3j.client.patch(CM, "ca-test", "kube-root-ca.crt", PatchType.MERGE,
                    "{\"data\":{\"ca.crt\":\"tampered\",\"extra\":\"x\"}}", "", CoreControllerServer.TEST));
            k3j.waitFor("root CA restored after an edit", CM, "ca-test", "kube-root-ca.crt",
                    o -> caPem.equals(o.path("data").path("ca.crt").asText()) && !o.path("data").has("extra"));

            k3j.delete(CM, "ca-test", "kube-root-ca.crt", DeleteOptions.DEFAULT);
            k3j.waitFor("root CA recreated", CM, "ca-test", "kube-root-ca.crt",
                    o -> !o.path("metadata").path("uid").equals(cm.path("metadata").path("uid")));
        } finally {
            k3j.deleteNamespace("ca-test");
        }
    }
}
