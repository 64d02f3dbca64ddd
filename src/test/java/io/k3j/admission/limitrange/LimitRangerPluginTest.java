package io.k3j.admission.limitrange;

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

class LimitRangerPluginTest {

    @TempDir
    Path dir;
    PluginFixture f;
    LimitRangerPlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir);
        plugin = new LimitRangerPlugin(f.env);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void limitRange(String name, String limits) {
        f.lookup.put("", "limitranges", "ns", """
                {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"%s","namespace":"ns"},"spec":{"limits":%s}}"""
                .formatted(name, limits));
    }

    static AdmissionRequest podWith(String containers, String initContainers) {
        return pod("ns", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},
                 "spec":{"containers":%s,"initContainers":%s}}""".formatted(containers, initContainers));
    }

    static AdmissionRequest podWith(String containers) {
        return podWith(containers, "[]");
    }

    @Test
    void defaultsFillWhatContainersLackAndTheAnnotationSaysWhat() {
        limitRange("defaults", """
                [{"type":"Container","default":{"cpu":"500m","memory":"256Mi"},"defaultRequest":{"cpu":"100m"}}]""");
        AdmissionRequest r = podWith("""
                [{"name":"app","image":"x"}]""", """
                [{"name":"init","image":"x","resources":{"limits":{"cpu":"1"}}}]""");
        admit(plugin, r);
        JsonNode app = r.object().path("spec").path("containers").get(0).path("resources");
        assertThat(app.path("requests").path("cpu").asText()).isEqualTo("100m");
        assertThat(app.path("requests").path("memory").asText()).isEqualTo("256Mi"); // default request from default limit
        assertThat(app.path("limits").path("cpu").asText()).isEqualTo("500m");
        JsonNode init = r.object().path("spec").path("initContainers").get(0).path("resources");
        assertThat(init.path("limits").path("cpu").asText()).isEqualTo("1");
        assertThat(init.path("limits").path("memory").asText()).isEqualTo("256Mi");
        assertThat(r.object().path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText())
                .isEqualTo("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; "
                        + "cpu, memory request for init container init; memory limit for init container init");
    }

    @Test
    void aPodWithEverythingSetIsNotAnnotated() {
        limitRange("defaults", """
                [{"type":"Container","default":{"cpu":"500m"}}]""");
        AdmissionRequest r = podWith("""
                [{"name":"app","image":"x","resources":{"requests":{"cpu":"1m"},"limits":{"cpu":"2m"}}}]""");
        admit(plugin, r);
        assertThat(r.object().path("metadata").has("annotations")).isFalse();
    }

    @Test
    void aContainerOverTheMaxIsForbidden() {
        limitRange("max", """
                [{"type":"Container","max":{"cpu":"500m"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"limits":{"cpu":"1000m"}}}]""")), 403,
                "pods \"p\" is forbidden: maximum cpu usage per Container is 500m, but limit is 1");
    }

    @Test
    void theMaxBecomesTheDefaultLimitSoAContainerWithoutOneIsAdmitted() {
        limitRange("max", """
                [{"type":"Container","max":{"cpu":"500m"}}]""");
        AdmissionRequest r = podWith("""
                [{"name":"app","image":"x"}]""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("containers").get(0).path("resources").path("limits").path("cpu").asText())
                .isEqualTo("500m");
    }

    @Test
    void aRequestUnderTheMinIsForbidden() {
        limitRange("min", """
                [{"type":"Container","min":{"memory":"64Mi"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"requests":{"memory":"32Mi"}}}]""")), 403,
                "pods \"p\" is forbidden: minimum memory usage per Container is 64Mi, but request is 32Mi");
    }

    @Test
    void severalViolationsAreListedTogether() {
        limitRange("both", """
                [{"type":"Container","min":{"memory":"64Mi"},"max":{"cpu":"1"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"requests":{"memory":"32Mi"},"limits":{"cpu":"2","memory":"1Gi"}}}]""")),
                403, "pods \"p\" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, "
                        + "maximum cpu usage per Container is 1, but limit is 2]");
    }

    @Test
    void theLimitToRequestRatioIsEnforced() {
        limitRange("ratio", """
                [{"type":"Container","maxLimitRequestRatio":{"cpu":"2"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"500m"}}}]""")), 403,
                "pods \"p\" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000");
        admit(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"requests":{"cpu":"250m"},"limits":{"cpu":"500m"}}}]"""));
    }

    @Test
    void aPodEntryHoldsTheSumOfItsContainers() {
        limitRange("pod", """
                [{"type":"Pod","max":{"memory":"1Gi"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"a","image":"x","resources":{"limits":{"memory":"768Mi"}}},
                 {"name":"b","image":"x","resources":{"limits":{"memory":"768Mi"}}}]""")), 403,
                "pods \"p\" is forbidden: maximum memory usage per Pod is 1Gi, but limit is 1536Mi");
        admit(plugin, podWith("""
                [{"name":"a","image":"x","resources":{"limits":{"memory":"512Mi"}}},
                 {"name":"b","image":"x","resources":{"limits":{"memory":"512Mi"}}}]"""));
    }

    @Test
    void anInitContainerCountsAloneButASidecarRunsWithTheContainers() {
        limitRange("pod", """
                [{"type":"Pod","max":{"cpu":"1"}}]""");
        admit(plugin, podWith("""
                [{"name":"a","image":"x","resources":{"limits":{"cpu":"600m"}}}]""", """
                [{"name":"i","image":"x","resources":{"limits":{"cpu":"900m"}}}]"""));
        assertDenied(refusal(plugin, podWith("""
                [{"name":"a","image":"x","resources":{"limits":{"cpu":"600m"}}}]""", """
                [{"name":"s","image":"x","restartPolicy":"Always","resources":{"limits":{"cpu":"600m"}}}]""")), 403,
                "pods \"p\" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m");
    }

    @Test
    void claimsAreHeldAgainstMinAndMaxOfTheirRequest() {
        limitRange("storage", """
                [{"type":"PersistentVolumeClaim","min":{"storage":"1Gi"},"max":{"storage":"10Gi"}}]""");
        String claim = """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"ns"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"%s"}}}}""";
        admit(plugin, create("", "persistentvolumeclaims", "PersistentVolumeClaim", "ns", claim.formatted("5Gi")));
        assertDenied(refusal(plugin, create("", "persistentvolumeclaims", "PersistentVolumeClaim", "ns",
                        claim.formatted("20Gi"))), 403,
                "persistentvolumeclaims \"data\" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, "
                        + "but request is 20Gi");
        assertDenied(refusal(plugin, update("", "persistentvolumeclaims", "PersistentVolumeClaim", "ns",
                        claim.formatted("512Mi"), claim.formatted("5Gi"))), 403,
                "persistentvolumeclaims \"data\" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, "
                        + "but request is 512Mi");
    }

    @Test
    void aValueThatIsNotAQuantityIsNoInternalError() {
        limitRange("max", """
                [{"type":"Container","max":{"cpu":"500m"}}]""");
        assertDenied(refusal(plugin, podWith("""
                [{"name":"app","image":"x","resources":{"limits":{"cpu":"lots"}}}]""")), 403,
                "pods \"p\" is forbidden: maximum cpu usage per Container is 500m.  No limit is specified");
    }

    @Test
    void podUpdatesAndOtherNamespacesAreLeftAlone() {
        limitRange("max", """
                [{"type":"Container","max":{"cpu":"500m"}}]""");
        String big = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"%s"},
                 "spec":{"containers":[{"name":"app","image":"x","resources":{"limits":{"cpu":"2"}}}]}}""";
        assertThat(plugin.handles(update("", "pods", "Pod", "ns", big.formatted("ns"), big.formatted("ns")))).isFalse();
        admit(plugin, pod("other", big.formatted("other")));
    }
}
