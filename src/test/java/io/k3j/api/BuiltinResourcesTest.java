package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinResourcesTest {

    private static final List<String> ALL = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** Upstream values (kube-apiserver 1.33 discovery) for a sample of resources. */
    static Stream<Arguments> upstream() {
        return Stream.of(
                Arguments.of("", "v1", "pods", "Pod", true, ALL, List.of("po"), List.of("all")),
                Arguments.of("", "v1", "services", "Service", true, ALL, List.of("svc"), List.of("all")),
                Arguments.of("", "v1", "namespaces", "Namespace", false,
                        List.of("create", "delete", "get", "list", "patch", "update", "watch"), List.of("ns"), List.of()),
                Arguments.of("", "v1", "nodes", "Node", false, ALL, List.of("no"), List.of()),
                Arguments.of("", "v1", "configmaps", "ConfigMap", true, ALL, List.of("cm"), List.of()),
                Arguments.of("", "v1", "endpoints", "Endpoints", true, ALL, List.of("ep"), List.of()),
                Arguments.of("", "v1", "persistentvolumes", "PersistentVolume", false, ALL, List.of("pv"), List.of()),
                Arguments.of("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, ALL, List.of("pvc"),
                        List.of()),
                Arguments.of("", "v1", "replicationcontrollers", "ReplicationController", true, ALL, List.of("rc"),
                        List.of("all")),
                Arguments.of("", "v1", "componentstatuses", "ComponentStatus", false, List.of("get", "list"),
                        List.of("cs"), List.of()),
                Arguments.of("", "v1", "bindings", "Binding", true, List.of("create"), List.of(), List.of()),
                Arguments.of("", "v1", "resourcequotas", "ResourceQuota", true, ALL, List.of("quota"), List.of()),
                Arguments.of("apps", "v1", "deployments", "Deployment", true, ALL, List.of("deploy"), List.of("all")),
                Arguments.of("apps", "v1", "statefulsets", "StatefulSet", true, ALL, List.of("sts"), List.of("all")),
                Arguments.of("apps", "v1", "controllerrevisions", "ControllerRevision", true, ALL, List.of(), List.of()),
                Arguments.of("batch", "v1", "cronjobs", "CronJob", true, ALL, List.of("cj"), List.of("all")),
                Arguments.of("batch", "v1", "jobs", "Job", true, ALL, List.of(), List.of("all")),
                Arguments.of("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, ALL,
                        List.of("hpa"), List.of("all")),
                Arguments.of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ALL, List.of("pdb"),
                        List.of()),
                Arguments.of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ALL,
                        List.of("netpol"), List.of()),
                Arguments.of("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ALL, List.of("sc"),
                        List.of()),
                Arguments.of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                        false, ALL, List.of("crd", "crds"), List.of("api-extensions")),
                Arguments.of("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, ALL,
                        List.of("pc"), List.of()),
                Arguments.of("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest",
                        false, ALL, List.of("csr"), List.of()),
                Arguments.of("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview",
                        false, List.of("create"), List.of(), List.of()),
                Arguments.of("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview",
                        true, List.of("create"), List.of(), List.of()),
                Arguments.of("apiregistration.k8s.io", "v1", "apiservices", "APIService", false, ALL, List.of(),
                        List.of("api-extensions")));
    }

    @ParameterizedTest(name = "{2}.{0}/{1}")
    @MethodSource("upstream")
    void matchesUpstreamDiscovery(String group, String version, String resource, String kind, boolean namespaced,
            List<String> verbs, List<String> shortNames, List<String> categories) {
        ResourceDescriptor r = find(group, version, resource);
        assertThat(r.kind()).isEqualTo(kind);
        assertThat(r.namespaced()).isEqualTo(namespaced);
        assertThat(r.verbs()).isEqualTo(verbs);
        assertThat(r.shortNames()).isEqualTo(shortNames);
        assertThat(r.categories()).isEqualTo(categories);
        assertThat(r.singularName()).isEqualTo(kind.toLowerCase());
    }

    @Test
    void gvrsAreUnique() {
        Set<GroupVersionResource> seen = new HashSet<>();
        for (ResourceDescriptor r : BuiltinResources.all()) {
            assertThat(seen.add(r.groupVersionResource())).as("duplicate %s", r.groupVersionResource()).isTrue();
        }
        assertThat(seen).hasSizeGreaterThan(60);
    }

    @Test
    void modelClassesAgreeWithFabric8Annotations() {
        for (ResourceDescriptor r : BuiltinResources.all()) {
            Class<?> c = r.modelClass();
            assertThat(c.getSimpleName()).as("class of %s", r.resource()).isEqualTo(r.kind());
            Group g = c.getAnnotation(Group.class);
            Version v = c.getAnnotation(Version.class);
            if (g != null) {
                assertThat(g.value()).as("group of %s", c).isEqualTo(r.group());
            }
            if (v != null) {
                assertThat(v.value()).as("version of %s", c).isEqualTo(r.version());
            }
            if (r.listModelClass() != null) {
                assertThat(r.listModelClass().getSimpleName()).isEqualTo(r.listKind());
            }
        }
    }

    @Test
    void subresourcesAsUpstreamServesThem() {
        ResourceDescriptor pods = find("", "v1", "pods");
        assertThat(pods.subresources()).extracting(SubresourceDescriptor::name).containsExactly(
                "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy",
                "resize", "status");
        SubresourceDescriptor eviction = pods.subresource("eviction").orElseThrow();
        assertThat(eviction.responseKind(pods)).isEqualTo(new GroupVersionKind("policy", "v1", "Eviction"));
        assertThat(eviction.verbs()).containsExactly("create");
        assertThat(pods.subresource("exec").orElseThrow().verbs()).containsExactly("create", "get");
        assertThat(pods.subresource("log").orElseThrow().verbs()).containsExactly("get");
        assertThat(pods.subresource("status").orElseThrow().responseKind(pods))
                .isEqualTo(new GroupVersionKind("", "v1", "Pod"));

        SubresourceDescriptor scale = find("apps", "v1", "deployments").subresource("scale").orElseThrow();
        assertThat(scale.group()).isEqualTo("autoscaling");
        assertThat(scale.kind()).isEqualTo("Scale");
        assertThat(find("", "v1", "serviceaccounts").subresource("token").orElseThrow().group())
                .isEqualTo("authentication.k8s.io");
        assertThat(find("", "v1", "namespaces").subresource("finalize").orElseThrow().verbs()).containsExactly("update");
    }

    @Test
    void storageAndReadOnlyFlags() {
        assertThat(find("", "v1", "componentstatuses").readOnly()).isTrue();
        assertThat(find("", "v1", "componentstatuses").storage()).isFalse();
        assertThat(find("authentication.k8s.io", "v1", "tokenreviews").storage()).isFalse();
        assertThat(find("", "v1", "pods").storage()).isTrue();
        assertThat(find("", "v1", "pods").readOnly()).isFalse();
    }

    @Test
    void categoryAllMatchesKubectlGetAll() {
        assertThat(BuiltinResources.all().stream().filter(r -> r.categories().contains("all"))
                .map(r -> r.resource() + "." + r.version()))
                .containsExactlyInAnyOrder("pods.v1", "services.v1", "replicationcontrollers.v1", "daemonsets.v1",
                        "deployments.v1", "replicasets.v1", "statefulsets.v1", "horizontalpodautoscalers.v2",
                        "horizontalpodautoscalers.v1", "cronjobs.v1", "jobs.v1");
    }

    static ResourceDescriptor find(String group, String version, String resource) {
        return BuiltinResources.all().stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.resource().equals(resource))
                .findFirst().orElseThrow(() -> new AssertionError("missing " + resource + "." + version + "." + group));
    }
}
