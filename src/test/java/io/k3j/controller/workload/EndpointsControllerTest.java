package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints and EndpointSlices of Services, inside a real in-process server; slicing rules as unit tests. */
@ExtendWith(Cluster.Extension.class)
class EndpointsControllerTest {

    Cluster c;
    String ns;

    @BeforeEach
    void setUp(Cluster cluster) {
        c = cluster;
        ns = c.namespace();
    }

    @AfterEach
    void tearDown() {
        c.deleteNamespace(ns);
    }

    ObjectNode pod(String name, String app) {
        return c.create(Resources.PODS, ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},
                 "spec":{"hostname":"%s","subdomain":"web","containers":[{"name":"c","image":"nginx",
                  "ports":[{"name":"http","containerPort":8080}]}]}}""".formatted(name, app, name));
    }

    ObjectNode endpoints(String name) {
        return c.getOrNull(Resources.ENDPOINTS, ns, name);
    }

    List<ObjectNode> slices(String svc) {
        return c.list(Resources.ENDPOINT_SLICES, ns, "kubernetes.io/service-name=" + svc);
    }

    @Test
    void readyAndNotReadyPodsWithNamedPorts() {
        c.create(Resources.SERVICES, ns, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"team":"a"}},
                 "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}""");
        ObjectNode ready = pod("ready", "web");
        ObjectNode waiting = pod("waiting", "web");
        pod("other", "db");
        c.makeReady(ready, "node-a");
        c.setStatus(waiting, "node-b", "Running", false, Instant.now());
        c.setStatus(c.get(Resources.PODS, ns, "other"), "node-b", "Running", true, Instant.now());
        eventually("endpoints with both pods", () -> {
            ObjectNode ep = endpoints("web");
            return ep != null && ep.path("subsets").size() == 1 && ep.path("subsets").get(0).path("addresses").size() == 1
                    && ep.path("subsets").get(0).path("notReadyAddresses").size() == 1;
        });
        JsonNode subset = endpoints("web").path("subsets").get(0);
        assertThat(subset.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(subset.path("ports").get(0).path("name").asText()).isEqualTo("http");
        JsonNode addr = subset.path("addresses").get(0);
        assertThat(addr.path("targetRef").path("name").asText()).isEqualTo("ready");
        assertThat(addr.path("nodeName").asText()).isEqualTo("node-a");
        assertThat(addr.path("hostname").asText()).isEqualTo("ready");
        assertThat(Meta.labels(endpoints("web"))).containsEntry("team", "a");

        eventually("one slice with two endpoints", () -> slices("web").size() == 1
                && slices("web").getFirst().path("endpoints").size() == 2);
        ObjectNode slice = slices("web").getFirst();
        assertThat(Meta.labels(slice)).containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .containsEntry("team", "a");
        assertThat(slice.path("addressType").asText()).isEqualTo("IPv4");
        assertThat(slice.path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(OwnerRefs.controllerOf(slice).path("kind").asText()).isEqualTo("Service");
        JsonNode first = slice.path("endpoints").get(0);
        assertThat(first.path("targetRef").path("name").asText()).isEqualTo("ready");
        assertThat(first.path("conditions").path("ready").asBoolean()).isTrue();
        assertThat(first.path("conditions").path("serving").asBoolean()).isTrue();
        assertThat(first.path("conditions").path("terminating").asBoolean()).isFalse();
        assertThat(first.path("nodeName").asText()).isEqualTo("node-a");
        assertThat(slice.path("endpoints").get(1).path("conditions").path("ready").asBoolean()).isFalse();

        // Terminating (bound, so it lingers): gone from Endpoints, terminating in the slice, still serving.
        c.call(k -> k.delete(Resources.PODS, ns, "ready", io.k3j.client.DeleteOptions.DEFAULT));
        eventually("terminating in the slice", () -> slices("web").getFirst().path("endpoints").toString()
                .contains("\"terminating\":true"));
        JsonNode term = slices("web").getFirst().path("endpoints").get(0);
        assertThat(term.path("conditions").path("ready").asBoolean()).isFalse();
        assertThat(term.path("conditions").path("serving").asBoolean()).isTrue();
        eventually("not in Endpoints", () -> !endpoints("web").toString().contains("\"name\":\"ready\""));
    }

    @Test
    void publishNotReadyAddressesAndHeadlessServices() {
        c.create(Resources.SERVICES, ns, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                 "spec":{"clusterIP":"None","publishNotReadyAddresses":true,"selector":{"app":"web"}}}""");
        ObjectNode p = pod("p0", "web");
        c.setStatus(p, "node-a", "Running", false, Instant.now());
        eventually("address published although not ready", () -> {
            ObjectNode ep = endpoints("web");
            return ep != null && ep.path("subsets").path(0).path("addresses").size() == 1;
        });
        assertThat(Meta.labels(endpoints("web"))).containsKey("service.kubernetes.io/headless");
        assertThat(endpoints("web").path("subsets").get(0).has("ports")).isFalse();
        eventually("slice ready", () -> !slices("web").isEmpty()
                && slices("web").getFirst().path("endpoints").path(0).path("conditions").path("ready").asBoolean());
        assertThat(Meta.labels(slices("web").getFirst())).containsKey("service.kubernetes.io/headless");
    }

    @Test
    void servicesWithoutSelectorAndTheApiServersOwnAreLeftAlone() {
        c.create(Resources.SERVICES, ns, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"manual"},"spec":{"ports":[{"port":80}]}}""");
        c.create(Resources.ENDPOINTS, ns, """
                {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"manual"},
                 "subsets":[{"addresses":[{"ip":"192.0.2.1"}],"ports":[{"port":80}]}]}""");
        ObjectNode kubernetes = c.get(Resources.ENDPOINTS, "default", "kubernetes");
        // A selector-based service in the same namespace gets processed meanwhile; the manual one is untouched.
        c.create(Resources.SERVICES, ns, """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"auto"},"spec":{"selector":{"app":"x"},"ports":[{"port":80}]}}""");
        eventually("auto endpoints", () -> endpoints("auto") != null && !slices("auto").isEmpty());
        assertThat(endpoints("manual").path("subsets").get(0).path("addresses").get(0).path("ip").asText()).isEqualTo("192.0.2.1");
        assertThat(slices("manual")).isEmpty();
        assertThat(c.get(Resources.ENDPOINTS, "default", "kubernetes").path("subsets")).isEqualTo(kubernetes.path("subsets"));
    }

    @Test
    void slicesHoldAtMostOneHundredEndpointsPerPortList() {
        ObjectNode svc = RolloutLogicTest.json("""
                {"metadata":{"name":"s","namespace":"n","uid":"u"},"spec":{"selector":{"app":"x"},
                 "ports":[{"name":"p","port":80,"targetPort":"p"}]}}""");
        List<ServiceEndpoints.Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ObjectNode pod = RolloutLogicTest.json("""
                    {"metadata":{"name":"p%03d","namespace":"n","labels":{"app":"x"}},"spec":{"containers":[{"ports":[{"name":"p","containerPort":%d}]}]},
                     "status":{"podIP":"10.0.%d.%d","conditions":[{"type":"Ready","status":"True"}]}}"""
                    .formatted(i, i < 200 ? 8080 : 9090, i / 250, i % 250));
            eps.addAll(ServiceEndpoints.of(svc, List.of(pod), true));
        }
        List<ObjectNode> slices = EndpointSliceController.desired(svc, eps, "IPv4");
        assertThat(slices).extracting(s -> s.path("endpoints").size()).containsExactly(100, 100, 50);
        assertThat(slices.get(2).path("ports").get(0).path("port").asInt()).isEqualTo(9090);
        assertThat(EndpointSliceController.desired(svc, List.of(), "IPv4")).hasSize(1);
    }

    @Test
    void eachFamilyOfAServiceTakesThePodsAddressOfThatFamily() {
        ObjectNode dual = RolloutLogicTest.json("""
                {"metadata":{"name":"s","namespace":"n","uid":"u"},"spec":{"selector":{"app":"x"},
                 "ipFamilies":["IPv6","IPv4"],"clusterIP":"fd00:43::9","ports":[{"port":80}]}}""");
        ObjectNode both = RolloutLogicTest.json("""
                {"metadata":{"name":"a","namespace":"n","labels":{"app":"x"}},
                 "status":{"podIP":"10.42.0.5","podIPs":[{"ip":"10.42.0.5"},{"ip":"fd00:42::5"}],
                  "conditions":[{"type":"Ready","status":"True"}]}}""");
        ObjectNode v4only = RolloutLogicTest.json("""
                {"metadata":{"name":"b","namespace":"n","labels":{"app":"x"}},
                 "status":{"podIP":"10.42.1.5","conditions":[{"type":"Ready","status":"True"}]}}""");
        assertThat(ServiceEndpoints.families(dual)).containsExactly("IPv6", "IPv4");
        List<ObjectNode> pods = List.of(both, v4only);
        assertThat(ServiceEndpoints.of(dual, pods, true, "IPv6")).extracting(ServiceEndpoints.Endpoint::ip)
                .containsExactly("fd00:42::5"); // a pod without an IPv6 address is no IPv6 endpoint
        assertThat(ServiceEndpoints.of(dual, pods, true, "IPv4")).extracting(ServiceEndpoints.Endpoint::ip)
                .containsExactly("10.42.0.5", "10.42.1.5");
        // legacy Endpoints: the primary family
        assertThat(ServiceEndpoints.of(dual, pods, false)).extracting(ServiceEndpoints.Endpoint::ip).containsExactly("fd00:42::5");
        List<ObjectNode> v6slices = EndpointSliceController.desired(dual, ServiceEndpoints.of(dual, pods, true, "IPv6"), "IPv6");
        assertThat(v6slices).extracting(sl -> sl.path("addressType").asText()).containsExactly("IPv6");
        // a Service stored without ipFamilies: the family of its cluster IP
        ObjectNode old = RolloutLogicTest.json("""
                {"metadata":{"name":"o","namespace":"n"},"spec":{"selector":{"app":"x"},"clusterIP":"fd00:43::1"}}""");
        assertThat(ServiceEndpoints.families(old)).containsExactly("IPv6");
        assertThat(ServiceEndpoints.families(RolloutLogicTest.json("{\"spec\":{\"clusterIP\":\"None\"}}"))).containsExactly("IPv4");
    }
}
