package io.k3j.apiserver.kubectl;

import io.k3j.testing.LocalKubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.BuiltinResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real kubectl 1.33 against {@link DocumentServer}. Skipped (not failed) on machines without the binary;
 * set {@code -Dk3j.kubectl=/path/to/kubectl} to point at one.
 */
@Tag("kubectl")
class KubectlCompatibilityTest {

    private static DocumentServer server;
    private static Path kubectl;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        kubectl = LocalKubectl.find();
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl 1.33 not installed");
        server = new DocumentServer(BuiltinResources.all());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void explainPodContainers() throws Exception {
        LocalKubectl.Result r = run("explain", "pods.spec.containers");
        System.out.println(r.output());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("KIND:       Pod", "VERSION:    v1", "FIELD: containers <[]Container>",
                "name\t<string> -required-", "image\t<string>", "ports\t<[]ContainerPort>");
    }

    @Test
    void explainResolvesShortNamesAndPreferredVersions() throws Exception {
        LocalKubectl.Result deploy = run("explain", "deploy.spec.strategy.rollingUpdate.maxSurge");
        assertThat(deploy.exit()).as(deploy.output()).isZero();
        assertThat(deploy.output()).contains("GROUP:      apps", "KIND:       Deployment", "<IntOrString>");
        LocalKubectl.Result hpa = run("explain", "hpa");
        assertThat(hpa.exit()).as(hpa.output()).isZero();
        assertThat(hpa.output()).contains("VERSION:    v2");
    }

    @Test
    void explainRecursiveSchemasAndOtherGroups() throws Exception {
        LocalKubectl.Result crd = run("explain", "crd.spec.versions.schema.openAPIV3Schema", "--recursive");
        assertThat(crd.exit()).as(crd.output()).isZero();
        assertThat(crd.output()).contains("GROUP:      apiextensions.k8s.io", "x-kubernetes-int-or-string");
        LocalKubectl.Result svc = run("explain", "svc.spec.ports.targetPort");
        assertThat(svc.exit()).as(svc.output()).isZero();
        assertThat(svc.output()).contains("<IntOrString>");
        LocalKubectl.Result pods = run("explain", "pods", "--recursive");
        assertThat(pods.exit()).as(pods.output()).isZero();
        assertThat(pods.output()).contains("creationTimestamp\t<string>");
    }

    @Test
    void apiResourcesFromAggregatedDiscovery() throws Exception {
        LocalKubectl.Result r = run("api-resources");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("pods\\s+po\\s+v1\\s+true\\s+Pod")
                .containsPattern("deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment")
                .containsPattern("customresourcedefinitions\\s+crd,crds\\s+apiextensions.k8s.io/v1\\s+false");
        assertThat(server.requests).anyMatch(l -> l.matches("GET /apis[ ?].*as=APIGroupDiscoveryList.*"));
        // aggregated discovery answered, so no per-group-version fetches were needed
        assertThat(server.requests).noneMatch(l -> l.matches("GET /apis/apps/v1[ ?].*"));
    }

    @Test
    void createWithDefaultStrictValidationUsesServerSideValidation() throws Exception {
        Path manifest = home.resolve("pod.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  containers: [{name: web, image: nginx}]
                """);
        LocalKubectl.Result r = run("create", "-f", manifest.toString(), "-o", "name");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("pod/web");
        assertThat(server.requests).anyMatch(l -> l.startsWith("POST /api/v1/namespaces/default/pods?")
                && l.contains("fieldValidation=Strict"));
        assertThat(server.requests).noneMatch(l -> l.startsWith("GET /openapi/v2"));
    }

    /**
     * Records what /openapi/v2 = 404 costs: kinds without a PATCH operation (the create-only reviews) and
     * {@code kind: List} files take kubectl's client-side validation path, which needs v2. An empty protobuf
     * document on /openapi/v2 is enough for kubectl to pass them.
     */
    @Test
    void openApiV2NotFoundVersusEmptyProtobuf() throws Exception {
        Path ssar = home.resolve("ssar.yaml");
        Files.writeString(ssar, """
                apiVersion: authorization.k8s.io/v1
                kind: SelfSubjectAccessReview
                spec: {resourceAttributes: {verb: get, resource: pods}}
                """);
        Path list = home.resolve("list.yaml");
        Files.writeString(list, """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}, data: {k: v}}
                """);
        server.emptyOpenApiV2 = false;
        LocalKubectl.Result ssar404 = run("create", "-f", ssar.toString(), "-o", "name");
        LocalKubectl.Result list404 = run("create", "-f", list.toString(), "-o", "name");
        System.out.println("v2=404: ssar exit " + ssar404.exit() + ": " + ssar404.output());
        System.out.println("v2=404: List exit " + list404.exit() + ": " + list404.output());
        assertThat(ssar404.exit()).isNotZero();
        assertThat(ssar404.output()).contains("failed to download openapi");
        assertThat(list404.exit()).isNotZero();

        server.emptyOpenApiV2 = true;
        try {
            LocalKubectl.Result ssarEmpty = run("create", "-f", ssar.toString(), "-o", "name");
            LocalKubectl.Result listEmpty = run("create", "-f", list.toString(), "-o", "name");
            System.out.println("v2=empty: ssar exit " + ssarEmpty.exit() + ": " + ssarEmpty.output());
            System.out.println("v2=empty: List exit " + listEmpty.exit() + ": " + listEmpty.output());
            assertThat(ssarEmpty.exit()).as(ssarEmpty.output()).isZero();
            assertThat(listEmpty.exit()).as(listEmpty.output()).isZero();
        } finally {
            server.emptyOpenApiV2 = false;
        }
    }


    private static LocalKubectl.Result run(String... args) throws IOException, InterruptedException {
        return LocalKubectl.run(kubectl, server.url(), home, args);
    }

}
