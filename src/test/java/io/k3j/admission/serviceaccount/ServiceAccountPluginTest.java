package io.k3j.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.PluginFixture;
import io.k3j.admission.support.LiveReads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.assertDenied;
import static io.k3j.admission.PluginFixture.json;
import static io.k3j.admission.PluginFixture.pod;
import static io.k3j.admission.PluginFixture.refusal;
import static io.k3j.admission.PluginFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceAccountPluginTest {

    static final String MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

    @TempDir
    Path dir;
    PluginFixture f;
    ServiceAccountPlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir);
        plugin = new ServiceAccountPlugin(new ServiceAccounts(f.vertx, f.lookup, new LiveReads(() -> f.store)),
                new TokenVolume(new Random(7)));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void account(String name, String extra) {
        f.lookup.put("", "serviceaccounts", "ns", """
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"%s","namespace":"ns"}%s}"""
                .formatted(name, extra));
    }

    static AdmissionRequest podWith(String spec) {
        return pod("ns", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},"spec":%s}""".formatted(spec));
    }

    @Test
    void aPodRunsAsTheDefaultAccountWithItsTokenMountedEverywhere() {
        account("default", "");
        AdmissionRequest r = podWith("""
                {"containers":[{"name":"a","image":"x"},{"name":"b","image":"x"}],"initContainers":[{"name":"i","image":"x"}]}""");
        admit(plugin, r);
        JsonNode spec = r.object().path("spec");
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo("default");
        JsonNode volume = spec.path("volumes").get(0);
        String name = volume.path("name").asText();
        assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.path("projected")).isEqualTo(json("""
                {"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},
                 {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
                 {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],
                 "defaultMode":420}"""));
        for (String field : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : spec.path(field)) {
                assertThat(c.path("volumeMounts")).containsExactly(json("""
                        {"name":"%s","readOnly":true,"mountPath":"%s"}""".formatted(name, MOUNT)));
            }
        }
    }

    @Test
    void aMissingAccountIsForbiddenWithUpstreamsText() {
        assertDenied(refusal(plugin, podWith("""
                {"serviceAccountName":"robot","containers":[{"name":"a","image":"x"}]}""")), 403,
                "pods \"p\" is forbidden: error looking up service account ns/robot: serviceaccount \"robot\" not found");
    }

    @Test
    void theDefaultAccountIsAwaitedWhileTheControllerCreatesIt() {
        AdmissionRequest r = podWith("""
                {"containers":[{"name":"a","image":"x"}]}""");
        f.vertx.setTimer(250, t -> f.store.create("/registry/core/serviceaccounts/ns/default", """
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"ns"}}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        admit(plugin, r);
        assertThat(r.object().path("spec").path("volumes")).hasSize(1);
    }

    @Test
    void aNameWithASlashNeverReachesAnotherKey() {
        f.store("/registry/core/serviceaccounts/ns/robot/x", """
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot","namespace":"ns"}}""");
        assertDenied(refusal(plugin, podWith("""
                {"serviceAccountName":"robot/x","containers":[{"name":"a","image":"x"}]}""")), 403,
                "pods \"p\" is forbidden: error looking up service account ns/robot/x: serviceaccount \"robot/x\" not found");
    }

    @Test
    void anAccountOnlyInTheStoreIsFound() {
        f.store("/registry/core/serviceaccounts/ns/robot", """
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot","namespace":"ns"}}""");
        admit(plugin, podWith("""
                {"serviceAccountName":"robot","containers":[{"name":"a","image":"x"}]}"""));
    }

    @Test
    void thePodsOptOutWinsOverTheAccountsOptIn() {
        account("default", ",\"automountServiceAccountToken\":true");
        AdmissionRequest r = podWith("""
                {"automountServiceAccountToken":false,"containers":[{"name":"a","image":"x"}]}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").has("volumes")).isFalse();
        assertThat(r.object().path("spec").path("containers").get(0).has("volumeMounts")).isFalse();
    }

    @Test
    void theAccountsOptOutApplies() {
        account("default", ",\"automountServiceAccountToken\":false");
        AdmissionRequest r = podWith("""
                {"containers":[{"name":"a","image":"x"}]}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").has("volumes")).isFalse();
    }

    @Test
    void aContainerWithSomethingAtTheMountPathKeepsItAndAnExistingTokenVolumeIsReused() {
        account("default", "");
        AdmissionRequest r = podWith("""
                {"volumes":[{"name":"kube-api-access-mine","projected":{"sources":[]}}],
                 "containers":[{"name":"a","image":"x","volumeMounts":[{"name":"own","mountPath":"%s"}]},
                               {"name":"b","image":"x"}]}""".formatted(MOUNT));
        admit(plugin, r);
        JsonNode spec = r.object().path("spec");
        assertThat(spec.path("volumes")).hasSize(1);
        assertThat(spec.path("containers").get(0).path("volumeMounts")).hasSize(1);
        assertThat(spec.path("containers").get(0).path("volumeMounts").get(0).path("name").asText()).isEqualTo("own");
        assertThat(spec.path("containers").get(1).path("volumeMounts").get(0).path("name").asText())
                .isEqualTo("kube-api-access-mine");
    }

    @Test
    void theAccountsImagePullSecretsAreCopiedWhenThePodHasNone() {
        account("default", ",\"imagePullSecrets\":[{\"name\":\"registry\"}]");
        AdmissionRequest r = podWith("""
                {"containers":[{"name":"a","image":"x"}]}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("imagePullSecrets")).isEqualTo(json("""
                {"a":[{"name":"registry"}]}""").get("a"));
    }

    @Test
    void mirrorPodsAreNeverChangedAndMayNotReferenceAccountsSecretsOrTokens() {
        String mirror = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns",
                 "annotations":{"kubernetes.io/config.mirror":"abc"}},"spec":%s}""";
        AdmissionRequest plain = pod("ns", mirror.formatted("""
                {"containers":[{"name":"a","image":"x"}]}"""));
        admit(plugin, plain);
        assertThat(plain.object().path("spec").has("serviceAccountName")).isFalse();
        assertThat(plain.object().path("spec").has("volumes")).isFalse();

        assertDenied(refusal(plugin, pod("ns", mirror.formatted("""
                {"serviceAccountName":"default","containers":[{"name":"a","image":"x"}]}"""))), 403,
                "pods \"p\" is forbidden: a mirror pod may not reference service accounts");
        assertDenied(refusal(plugin, pod("ns", mirror.formatted("""
                {"containers":[{"name":"a","image":"x","env":[{"name":"E","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}]}]}"""))),
                403, "pods \"p\" is forbidden: a mirror pod may not reference secrets");
        assertDenied(refusal(plugin, pod("ns", mirror.formatted("""
                {"volumes":[{"name":"v","projected":{"sources":[{"serviceAccountToken":{"path":"t"}}]}}],
                 "containers":[{"name":"a","image":"x"}]}"""))), 403,
                "pods \"p\" is forbidden: a mirror pod may not use ServiceAccountToken volume projections");
    }

    @Test
    void onlyPodCreatesAreHandled() {
        String p = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},"spec":{"containers":[]}}""";
        assertThat(plugin.handles(update("", "pods", "Pod", "ns", p, p))).isFalse();
    }
}
