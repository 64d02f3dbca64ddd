package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** kubectl 1.33 (and older, for skew) reads discovery and OpenAPI from a booted k3j. */
@Tag("e2e")
class DiscoveryIT {

    private static ClassServer server;
    private static Path dir;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-discovery");
        dir = server.dir;
        k3j = server.k3j;
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void apiResourcesListsBuiltinsWithShortNames() {
        String out = kubectl.run("api-resources").assertOk().out();
        assertThat(out).containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$")
                .containsPattern("(?m)^deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment$")
                .containsPattern("(?m)^namespaces\\s+ns\\s+v1\\s+false\\s+Namespace$")
                .containsPattern("(?m)^customresourcedefinitions\\s+crd,crds\\s+apiextensions.k8s.io/v1\\s+false\\s+CustomResourceDefinition$");
        assertThat(kubectl.run("api-versions").assertOk().out()).contains("apps/v1").contains("autoscaling/v2").contains("v1\n");
    }

    @Test
    void explainReadsOpenApiV3() {
        String out = kubectl.run("explain", "pods.spec.containers").assertOk().out();
        assertThat(out).contains("KIND:       Pod").contains("FIELD: containers <[]Container>").contains("image\t<string>");
        assertThat(kubectl.run("explain", "deployment.spec.strategy.rollingUpdate.maxSurge").assertOk().out())
                .contains("<IntOrString>");
    }

    @Test
    void openApiIndexAndV2() {
        assertThat(kubectl.run("get", "--raw", "/openapi/v3").assertOk().out()).contains("\"api/v1\"").contains("\"apis/apps/v1\"");
        assertThat(kubectl.run("get", "--raw", "/openapi/v2").assertOk().out()).isEmpty();
    }

    @Test
    void olderKubectlsReadDiscoveryToo() {
        for (String minor : new String[]{"1.27", "1.30"}) {
            String out = new Kubectl(Kubectl.versioned(minor), k3j.kubeconfig()).run("api-resources").assertOk().out();
            assertThat(out).as("kubectl " + minor).containsPattern("(?m)^pods\\s+po\\s+v1\\s+true\\s+Pod$");
        }
    }
}
