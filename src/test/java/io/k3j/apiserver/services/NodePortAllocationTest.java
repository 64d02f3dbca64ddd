package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static io.k3j.apiserver.services.ServiceFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Node ports through the Service write path: NodePort and LoadBalancer services, health check ports, updates. */
class NodePortAllocationTest {

    @TempDir
    Path dir;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        f = new ServiceFixture(dir, "10.43.0.0/16", "30000-32767");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void nodePortServicesGetDistinctPortsFromTheUpperBand() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            JsonNode ports = f.created("np" + i, "{'type':'NodePort','ports':[{'name':'a','port':80},{'name':'b','port':443}]}")
                    .at("/spec/ports");
            for (JsonNode p : ports) {
                int np = p.path("nodePort").asInt();
                assertThat(np).isBetween(30086, 32767); // 30000-30085 is the static band
                assertThat(seen.add(np)).isTrue();
            }
        }
        assertThat(f.nodePorts()).hasSize(20);
    }

    @Test
    void portsSharingAPortNumberShareANodePort() {
        JsonNode ports = f.created("dns", "{'type':'NodePort','ports':[{'name':'dns','port':53,'protocol':'UDP'},"
                + "{'name':'dns-tcp','port':53,'protocol':'TCP'}]}").at("/spec/ports");
        assertThat(ports.get(0).path("nodePort").asInt()).isEqualTo(ports.get(1).path("nodePort").asInt());
        assertThat(f.nodePorts()).hasSize(1);
    }

    @Test
    void aRequestedPortIsClaimedOrRefusedWithUpstreamsTexts() {
        JsonNode svc = f.created("fixed", "{'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}");
        assertThat(svc.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
        HttpResponse<String> taken = f.create("taken", "{'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}");
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(taken)).isEqualTo("Service \"taken\" is invalid: spec.ports[0].nodePort: "
                + "Invalid value: 30080: provided port is already allocated");
        HttpResponse<String> outside = f.create("outside", "{'type':'NodePort','ports':[{'port':80,'nodePort':40000}]}");
        assertThat(RestHarnessText.message(outside)).isEqualTo("Service \"outside\" is invalid: spec.ports[0].nodePort: "
                + "Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767");
        HttpResponse<String> clusterIp = f.create("cip", "{'ports':[{'port':80,'nodePort':30090}]}");
        assertThat(RestHarnessText.message(clusterIp)).isEqualTo("Service \"cip\" is invalid: spec.ports[0].nodePort: "
                + "Forbidden: may not be used when `type` is 'ClusterIP'");
        assertThat(f.nodePorts()).containsExactly("30080");
        assertThat(f.ipAddresses()).hasSize(1); // the refused creates gave their addresses back
    }

    @Test
    void loadBalancersGetNodePortsUnlessTheyOptOutAndAHealthCheckPortWhenLocal() {
        JsonNode lb = f.created("lb", "{'type':'LoadBalancer','ports':[{'port':80}]}").get("spec");
        assertThat(lb.at("/ports/0/nodePort").asInt()).isBetween(30000, 32767);
        assertThat(lb.has("healthCheckNodePort")).isFalse();
        JsonNode none = f.created("none", "{'type':'LoadBalancer','allocateLoadBalancerNodePorts':false,"
                + "'ports':[{'port':80},{'port':81,'nodePort':30081}]}").get("spec");
        assertThat(none.at("/ports/0").has("nodePort")).isFalse();
        assertThat(none.at("/ports/1/nodePort").asInt()).isEqualTo(30081);
        JsonNode local = f.created("local", "{'type':'LoadBalancer','externalTrafficPolicy':'Local','ports':[{'port':80}]}")
                .get("spec");
        int hc = local.path("healthCheckNodePort").asInt();
        assertThat(hc).isBetween(30000, 32767).isNotEqualTo(local.at("/ports/0/nodePort").asInt());
        assertThat(f.nodePorts()).hasSize(4);
        HttpResponse<String> change = f.patch("local", "{'spec':{'healthCheckNodePort':" + (hc == 32767 ? 32766 : hc + 1) + "}}");
        assertThat(RestHarnessText.message(change)).contains("spec.healthCheckNodePort: Invalid value: ")
                .endsWith("cannot change healthCheckNodePort on loadBalancer service with externalTraffic=Local during update");
        // to Cluster: the health check port goes once the update is stored
        JsonNode cluster = ok(f.patch("local", "{'spec':{'externalTrafficPolicy':'Cluster'}}")).get("spec");
        assertThat(cluster.has("healthCheckNodePort")).isFalse();
        assertThat(f.nodePorts()).hasSize(3).doesNotContain(String.valueOf(hc));
        ok(f.delete("lb"));
        ok(f.delete("none"));
        ok(f.delete("local"));
        assertThat(f.nodePorts()).isEmpty();
    }

    @Test
    void updatesKeepClaimAndReleasePorts() {
        JsonNode svc = f.created("u", "{'type':'NodePort','selector':{'app':'a'},'ports':[{'name':'web','port':80}]}");
        int web = svc.at("/spec/ports/0/nodePort").asInt();
        // a PUT without the nodePort keeps it (matched by port name); a new port gets one
        String rv = svc.at("/metadata/resourceVersion").asText();
        JsonNode replaced = ok(f.rest.call("PUT", ServiceFixture.SERVICES + "/u", """
                {"metadata":{"name":"u","resourceVersion":"%s"},"spec":{"type":"NodePort","selector":{"app":"a"},
                 "ports":[{"name":"web","port":80},{"name":"admin","port":9000,"nodePort":31900}]}}""".formatted(rv)));
        assertThat(replaced.at("/spec/ports/0/nodePort").asInt()).isEqualTo(web);
        assertThat(replaced.at("/spec/ports/1/nodePort").asInt()).isEqualTo(31900);
        assertThat(f.nodePorts()).containsExactlyInAnyOrder(String.valueOf(web), "31900");
        // dropping a port releases its node port
        JsonNode fewer = ok(f.rest.call("PATCH", ServiceFixture.SERVICES + "/u",
                "[{\"op\":\"remove\",\"path\":\"/spec/ports/1\"}]", "application/json-patch+json"));
        assertThat(fewer.at("/spec/ports").size()).isEqualTo(1);
        assertThat(f.nodePorts()).containsExactly(String.valueOf(web));
        // to ClusterIP: the untouched node ports and externalTrafficPolicy are dropped and released
        JsonNode clusterIp = ok(f.patch("u", "{'spec':{'type':'ClusterIP'}}")).get("spec");
        assertThat(clusterIp.at("/ports/0").has("nodePort")).isFalse();
        assertThat(clusterIp.has("externalTrafficPolicy")).isFalse();
        assertThat(f.nodePorts()).isEmpty();
        // back to NodePort: a new one
        JsonNode again = ok(f.patch("u", "{'spec':{'type':'NodePort'}}")).get("spec");
        assertThat(f.nodePorts()).containsExactly(again.at("/ports/0/nodePort").asText());
    }

    @Test
    void aTakenPortRefusedOnUpdateLeavesTheServiceAsItWas() {
        f.created("other", "{'type':'NodePort','ports':[{'port':80,'nodePort':30500}]}");
        JsonNode svc = f.created("u", "{'type':'NodePort','ports':[{'port':80}]}");
        int before = svc.at("/spec/ports/0/nodePort").asInt();
        HttpResponse<String> r = f.patch("u", "{'spec':{'ports':[{'port':80,'nodePort':30500},{'port':81}]}}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(r)).isEqualTo("Service \"u\" is invalid: spec.ports[0].nodePort: Invalid value: "
                + "30500: provided port is already allocated");
        assertThat(f.nodePorts()).containsExactlyInAnyOrder("30500", String.valueOf(before));
    }
}
