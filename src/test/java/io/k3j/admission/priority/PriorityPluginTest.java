package io.k3j.admission.priority;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.PluginFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.assertDenied;
import static io.k3j.admission.PluginFixture.create;
import static io.k3j.admission.PluginFixture.pod;
import static io.k3j.admission.PluginFixture.refusal;
import static io.k3j.admission.PluginFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

class PriorityPluginTest {

    static final String G = "scheduling.k8s.io";

    @TempDir
    Path dir;
    PluginFixture f;
    PriorityPlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir);
        plugin = new PriorityPlugin(f.env);
        priorityClass("system-cluster-critical", 2000000000, false, "PreemptLowerPriority");
        priorityClass("system-node-critical", 2000001000, false, "PreemptLowerPriority");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void priorityClass(String name, long value, boolean globalDefault, String policy) {
        f.lookup.put(G, "priorityclasses", "", classJson(name, value, globalDefault, policy));
    }

    static String classJson(String name, long value, boolean globalDefault, String policy) {
        return """
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"%s"},
                 "value":%d,"globalDefault":%b%s}""".formatted(name, value, globalDefault,
                policy == null ? "" : ",\"preemptionPolicy\":\"" + policy + "\"");
    }

    static AdmissionRequest podWith(String spec) {
        return pod("ns", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},"spec":%s}""".formatted(spec));
    }

    @Test
    void theClassResolvesPriorityAndPreemptionPolicy() {
        priorityClass("batch", 1000, false, "Never");
        AdmissionRequest r = podWith("""
                {"priorityClassName":"batch","containers":[]}""");
        admit(plugin, r);
        JsonNode spec = r.object().path("spec");
        assertThat(spec.path("priority").asLong()).isEqualTo(1000);
        assertThat(spec.path("preemptionPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void systemClassesResolveInAnyNamespace() {
        AdmissionRequest r = podWith("""
                {"priorityClassName":"system-node-critical","containers":[]}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("priority").asLong()).isEqualTo(2000001000);
    }

    @Test
    void withoutAClassThePodGetsTheGlobalDefault() {
        priorityClass("high", 5000, true, "PreemptLowerPriority");
        AdmissionRequest r = podWith("""
                {"containers":[]}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("priorityClassName").asText()).isEqualTo("high");
        assertThat(r.object().path("spec").path("priority").asLong()).isEqualTo(5000);
    }

    @Test
    void withoutAnyDefaultThePriorityIsZero() {
        AdmissionRequest r = podWith("""
                {"containers":[]}""");
        admit(plugin, r);
        JsonNode spec = r.object().path("spec");
        assertThat(spec.has("priorityClassName")).isFalse();
        assertThat(spec.path("priority").asLong()).isZero();
        assertThat(spec.path("preemptionPolicy").asText()).isEqualTo("PreemptLowerPriority");
    }

    @Test
    void anUnknownClassIsForbidden() {
        assertDenied(refusal(plugin, podWith("""
                {"priorityClassName":"gold","containers":[]}""")), 403,
                "pods \"p\" is forbidden: no PriorityClass with name gold was found");
    }

    @Test
    void aPriorityThatDiffersFromTheClassIsForbiddenAMatchingOneIsNot() {
        priorityClass("batch", 1000, false, null);
        assertDenied(refusal(plugin, podWith("""
                {"priorityClassName":"batch","priority":7,"containers":[]}""")), 403,
                "pods \"p\" is forbidden: the integer value of priority (7) must not be provided in pod spec; "
                        + "priority admission controller computed 1000 from the given PriorityClass name");
        admit(plugin, podWith("""
                {"priorityClassName":"batch","priority":1000,"containers":[]}"""));
    }

    @Test
    void aPreemptionPolicyThatDiffersFromTheClassIsForbidden() {
        priorityClass("batch", 1000, false, "Never");
        assertDenied(refusal(plugin, podWith("""
                {"priorityClassName":"batch","preemptionPolicy":"PreemptLowerPriority","containers":[]}""")), 403,
                "pods \"p\" is forbidden: the string value of PreemptionPolicy (PreemptLowerPriority) must not be "
                        + "provided in pod spec; priority admission controller computed Never from the given PriorityClass name");
    }

    @Test
    void anUpdateKeepsTheResolvedPriority() {
        String old = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},
                 "spec":{"priorityClassName":"x","priority":1000,"preemptionPolicy":"Never","containers":[]}}""";
        AdmissionRequest r = update("", "pods", "Pod", "ns", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},
                 "spec":{"priorityClassName":"x","containers":[]}}""", old);
        admit(plugin, r);
        assertThat(r.object().path("spec").path("priority").asLong()).isEqualTo(1000);
        assertThat(r.object().path("spec").path("preemptionPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void onlyOneClassMayBeTheGlobalDefault() {
        admit(plugin, create(G, "priorityclasses", "PriorityClass", "", classJson("first", 10, true, null)));
        priorityClass("first", 10, true, null);
        assertDenied(refusal(plugin, create(G, "priorityclasses", "PriorityClass", "",
                        classJson("second", 20, true, null))), 403,
                "priorityclasses.scheduling.k8s.io \"second\" is forbidden: PriorityClass first is already marked as "
                        + "default. Only one default can exist");
        // The default itself may be updated; another class may not become the default.
        admit(plugin, update(G, "priorityclasses", "PriorityClass", "", classJson("first", 11, true, null),
                classJson("first", 10, true, null)));
        priorityClass("other", 5, false, null);
        assertThat(refusal(plugin, update(G, "priorityclasses", "PriorityClass", "", classJson("other", 5, true, null),
                classJson("other", 5, false, null))).getMessage()).contains("PriorityClass first is already marked");
        admit(plugin, create(G, "priorityclasses", "PriorityClass", "", classJson("third", 30, false, null)));
    }
}
