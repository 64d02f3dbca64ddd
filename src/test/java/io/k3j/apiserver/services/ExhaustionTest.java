package io.k3j.apiserver.services;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Small ranges run out: upstream's 500 texts, the lower band used last, and a released value handed out again. */
class ExhaustionTest {

    @TempDir
    Path dir;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        // a /27 has 30 addresses, the first 16 the static band; three node ports, none static
        f = new ServiceFixture(dir, "10.43.0.0/27", "30000-30002");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void addressesComeFromTheUpperBandUntilItIsFullThenTheLowerThenNone() {
        for (int i = 0; i < 30; i++) {
            String ip = f.created("s" + i, "{'ports':[{'port':80}]}").at("/spec/clusterIP").asText();
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            if (i < 14) {
                assertThat(last).as("address %d", i).isBetween(17, 30);
            } else {
                assertThat(last).as("address %d", i).isBetween(1, 16);
            }
        }
        HttpResponse<String> full = f.create("full", "{'ports':[{'port':80}]}");
        assertThat(full.statusCode()).isEqualTo(500);
        assertThat(RestHarnessText.message(full)).isEqualTo("Internal error occurred: failed to allocate a serviceIP: range is full");
        assertThat(RestHarness500.reason(full)).isEqualTo("InternalError");
        // a released address is handed out again
        String freed = ServiceFixture.ok(f.rest.call("GET", ServiceFixture.SERVICES + "/s3", null)).at("/spec/clusterIP").asText();
        ServiceFixture.ok(f.delete("s3"));
        assertThat(f.created("next", "{'ports':[{'port':80}]}").at("/spec/clusterIP").asText()).isEqualTo(freed);
    }

    @Test
    void nodePortsRunOutWithUpstreamsText() {
        f.created("a", "{'type':'NodePort','ports':[{'port':80},{'port':81},{'port':82}]}");
        HttpResponse<String> full = f.create("b", "{'type':'NodePort','ports':[{'port':80}]}");
        assertThat(full.statusCode()).isEqualTo(500);
        assertThat(RestHarnessText.message(full)).isEqualTo("Internal error occurred: failed to allocate a nodePort: range is full");
        assertThat(f.ipAddresses()).hasSize(1); // b's address went back
        HttpResponse<String> hc = f.create("c", "{'type':'LoadBalancer','externalTrafficPolicy':'Local',"
                + "'allocateLoadBalancerNodePorts':false,'ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(hc)).isEqualTo("Internal error occurred: failed to allocate a HealthCheck NodePort 0: "
                + "range is full");
    }
}
