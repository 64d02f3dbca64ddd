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

import static io.k3j.apiserver.services.ServiceFixture.SERVICES;
import static io.k3j.apiserver.services.ServiceFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Cluster IPs through the Service write path: create, update, patch, delete, deletecollection, dry run. */
class ServiceAllocationTest {

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
    void aNewServiceGetsAnAddressFromTheUpperBandWithItsIpAddressObject() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            JsonNode spec = f.created("s" + i, "{'selector':{'app':'a'},'ports':[{'port':80}]}").get("spec");
            String ip = spec.path("clusterIP").asText();
            assertThat(spec.path("clusterIPs").toString()).isEqualTo("[\"" + ip + "\"]");
            assertThat(spec.path("ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
            assertThat(spec.path("ipFamilyPolicy").asText()).isEqualTo("SingleStack");
            assertThat(ip).startsWith("10.43.");
            // the first 256 addresses (10.43.0.1 - 10.43.1.0) are the static band, left to requested addresses
            String[] octets = ip.split("\\.");
            assertThat(Integer.parseInt(octets[2]) * 256 + Integer.parseInt(octets[3])).isGreaterThan(256);
            assertThat(seen.add(ip)).isTrue();
        }
        assertThat(f.ipAddresses()).containsExactlyInAnyOrderElementsOf(seen);
        String ip = ok(f.rest.call("GET", SERVICES + "/s0", null)).at("/spec/clusterIP").asText();
        JsonNode obj = f.ipAddress(ip);
        assertThat(obj.at("/metadata/labels").toString())
                .isEqualTo("{\"ipaddress.kubernetes.io/ip-family\":\"IPv4\",\"ipaddress.kubernetes.io/managed-by\":\"ipallocator.k8s.io\"}");
        assertThat(obj.at("/spec/parentRef").toString())
                .isEqualTo("{\"resource\":\"services\",\"namespace\":\"default\",\"name\":\"s0\"}");
    }

    @Test
    void aRequestedAddressIsClaimedOrRefusedWithUpstreamsTexts() {
        JsonNode svc = f.created("fixed", "{'clusterIP':'10.43.0.77','ports':[{'port':80}]}");
        assertThat(svc.at("/spec/clusterIPs").toString()).isEqualTo("[\"10.43.0.77\"]");
        assertThat(f.ipAddresses()).containsExactly("10.43.0.77");

        HttpResponse<String> taken = f.create("again", "{'clusterIP':'10.43.0.77','ports':[{'port':80}]}");
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(ServiceFixture.ok(f.rest.call("GET", SERVICES, null)).path("items").size()).isEqualTo(1);
        assertThat(RestHarnessText.message(taken)).isEqualTo("Service \"again\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.43.0.77\"}: failed to allocate IP 10.43.0.77: provided IP is already allocated");
        assertThat(RestHarnessText.cause(taken)).isEqualTo("{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: "
                + "[]string{\\\"10.43.0.77\\\"}: failed to allocate IP 10.43.0.77: provided IP is already allocated\","
                + "\"field\":\"spec.clusterIPs\"}");

        HttpResponse<String> outside = f.create("outside", "{'clusterIP':'10.0.0.5','ports':[{'port':80}]}");
        assertThat(outside.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(outside)).isEqualTo("Service \"outside\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid "
                + "range. The range of valid IPs is 10.43.0.0/16");
        HttpResponse<String> network = f.create("network", "{'clusterIP':'10.43.0.0','ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(network)).contains("the provided IP (10.43.0.0) is not in the valid range");

        HttpResponse<String> bad = f.create("bad", "{'clusterIP':'10.43.0.300','ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(bad)).isEqualTo("Service \"bad\" is invalid: spec.clusterIPs[0]: Invalid value: "
                + "\"10.43.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        HttpResponse<String> v6 = f.create("v6", "{'clusterIP':'fd00::5','ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(v6)).isEqualTo("Service \"v6\" is invalid: spec.clusterIPs[0]: Invalid value: "
                + "[]string{\"fd00::5\"}: IPv6 is not configured on this cluster");
        HttpResponse<String> dual = f.create("dual", "{'ipFamilyPolicy':'RequireDualStack','ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(dual)).isEqualTo("Service \"dual\" is invalid: spec.ipFamilyPolicy: Invalid value: "
                + "\"RequireDualStack\": this cluster is not configured for dual-stack services");
        assertThat(f.ipAddresses()).containsExactly("10.43.0.77");
    }

    @Test
    void headlessAndExternalNameServicesGetNoAddress() {
        JsonNode headless = f.created("headless", "{'clusterIP':'None','selector':{'a':'b'},'ports':[{'port':80}]}");
        assertThat(headless.at("/spec/clusterIPs").toString()).isEqualTo("[\"None\"]");
        JsonNode external = f.created("ext", "{'type':'ExternalName','externalName':'example.com'}");
        assertThat(external.at("/spec").has("clusterIP")).isFalse();
        assertThat(external.at("/spec").has("ipFamilies")).isFalse();
        assertThat(f.ipAddresses()).isEmpty();
        HttpResponse<String> withIp = f.create("ext2", "{'type':'ExternalName','externalName':'example.com','clusterIP':'10.43.0.9'}");
        assertThat(RestHarnessText.message(withIp)).isEqualTo("Service \"ext2\" is invalid: spec.clusterIPs: Forbidden: "
                + "may not be set for ExternalName services");
    }

    @Test
    void deletingReleasesTheAddressWhicheverWayTheServiceGoes() {
        f.created("a", "{'ports':[{'port':80}]}");
        f.created("b", "{'ports':[{'port':80}]}");
        f.created("c", "{'type':'NodePort','ports':[{'port':80}]}");
        assertThat(f.ipAddresses()).hasSize(3);
        assertThat(f.nodePorts()).hasSize(1);
        ok(f.delete("a"));
        assertThat(f.ipAddresses()).hasSize(2);
        ok(f.rest.call("DELETE", SERVICES, null)); // deletecollection, as the namespace controller does
        assertThat(f.ipAddresses()).isEmpty();
        assertThat(f.nodePorts()).isEmpty();

        // a finalizer holds the Service (and its address) until it is removed
        JsonNode held = f.created("held", "{'ports':[{'port':80}]}");
        ok(f.patch("held", "{'metadata':{'finalizers':['example.com/hold']}}"));
        ok(f.delete("held"));
        assertThat(f.ipAddresses()).containsExactly(held.at("/spec/clusterIP").asText());
        ok(f.patch("held", "{'metadata':{'finalizers':null}}"));
        assertThat(f.rest.call("GET", SERVICES + "/held", null).statusCode()).isEqualTo(404);
        assertThat(f.ipAddresses()).isEmpty();
    }

    @Test
    void aFailedCreateLeaksNothing() {
        f.created("dup", "{'ports':[{'port':80}]}");
        HttpResponse<String> again = f.create("dup", "{'type':'NodePort','ports':[{'port':80}]}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(f.ipAddresses()).hasSize(1);
        assertThat(f.nodePorts()).isEmpty();
        // validation after allocation fails: two ports on one node port
        HttpResponse<String> twice = f.create("twice", "{'type':'NodePort','ports':[{'name':'a','port':80},"
                + "{'name':'b','port':81,'nodePort':30100},{'name':'c','port':82,'nodePort':30100}]}");
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(twice)).contains("provided port is already allocated");
        assertThat(f.ipAddresses()).hasSize(1);
        assertThat(f.nodePorts()).isEmpty();
    }

    @Test
    void aDryRunAllocatesNothing() {
        JsonNode dry = ok(f.rest.call("POST", SERVICES + "?dryRun=All", """
                {"metadata":{"name":"dry"},"spec":{"type":"NodePort","ports":[{"port":80},{"port":81}]}}"""));
        assertThat(dry.at("/spec/clusterIP").asText()).isEqualTo("10.43.0.0");
        assertThat(dry.at("/spec/ports/0/nodePort").asInt()).isEqualTo(32769);
        assertThat(dry.at("/spec/ports/1/nodePort").asInt()).isEqualTo(32770);
        JsonNode fixed = ok(f.rest.call("POST", SERVICES + "?dryRun=All", """
                {"metadata":{"name":"dry"},"spec":{"clusterIP":"10.43.0.20","ports":[{"port":80}]}}"""));
        assertThat(fixed.at("/spec/clusterIP").asText()).isEqualTo("10.43.0.20");
        assertThat(f.ipAddresses()).isEmpty();
        assertThat(f.nodePorts()).isEmpty();
        assertThat(f.rest.call("GET", SERVICES + "/dry", null).statusCode()).isEqualTo(404);
        // a dry-run delete keeps the address
        f.created("kept", "{'ports':[{'port':80}]}");
        ok(f.rest.call("DELETE", SERVICES + "/kept?dryRun=All", null));
        assertThat(f.ipAddresses()).hasSize(1);
    }

    @Test
    void theAddressIsImmutableAndKeptWhenAnUpdateLeavesItOut() {
        JsonNode svc = f.created("u", "{'selector':{'app':'a'},'ports':[{'port':80}]}");
        String ip = svc.at("/spec/clusterIP").asText();
        HttpResponse<String> changed = f.patch("u", "{'spec':{'clusterIP':'10.43.0.99','clusterIPs':['10.43.0.99']}}");
        assertThat(changed.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(changed)).isEqualTo("Service \"u\" is invalid: spec.clusterIPs[0]: Invalid value: "
                + "[]string{\"10.43.0.99\"}: may not change once set");
        // a PUT without clusterIP (kubectl replace of a manifest) keeps the address
        String rv = svc.at("/metadata/resourceVersion").asText();
        JsonNode replaced = ok(f.rest.call("PUT", SERVICES + "/u", """
                {"metadata":{"name":"u","resourceVersion":"%s"},"spec":{"selector":{"app":"b"},"ports":[{"port":80}]}}"""
                .formatted(rv)));
        assertThat(replaced.at("/spec/clusterIP").asText()).isEqualTo(ip);
        assertThat(replaced.at("/spec/clusterIPs").toString()).isEqualTo("[\"" + ip + "\"]");
        assertThat(f.ipAddresses()).containsExactly(ip);
    }

    @Test
    void toExternalNameReleasesTheAddressAndBackAllocatesOne() {
        String ip = f.created("t", "{'ports':[{'port':80}]}").at("/spec/clusterIP").asText();
        JsonNode ext = ok(f.patch("t", "{'spec':{'type':'ExternalName','externalName':'example.com'}}"));
        assertThat(ext.at("/spec").has("clusterIP")).isFalse();
        assertThat(ext.at("/spec").has("clusterIPs")).isFalse();
        assertThat(ext.at("/spec").has("ipFamilies")).isFalse();
        assertThat(f.ipAddresses()).isEmpty();
        JsonNode back = ok(f.patch("t", "{'spec':{'type':'ClusterIP','externalName':null}}"));
        String again = back.at("/spec/clusterIP").asText();
        assertThat(again).startsWith("10.43.");
        assertThat(f.ipAddresses()).containsExactly(again);
        assertThat(ip).isNotEmpty();
    }

    @Test
    void aGeneratedNameAllocatesUnderTheNameItGets() {
        JsonNode svc = ok(f.rest.call("POST", SERVICES, """
                {"metadata":{"generateName":"gen-"},"spec":{"ports":[{"port":80}]}}"""));
        String name = svc.at("/metadata/name").asText();
        assertThat(f.ipAddress(svc.at("/spec/clusterIP").asText()).at("/spec/parentRef/name").asText()).isEqualTo(name);
    }

    @Test
    void serverSideApplyCreatesWithAnAddressAndKeepsItOnReapply() {
        String manifest = """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"ssa"},"spec":{"ports":[{"port":80}]}}""";
        JsonNode created = ok(f.rest.call("PATCH", SERVICES + "/ssa?fieldManager=test", manifest, "application/apply-patch+yaml"));
        String ip = created.at("/spec/clusterIP").asText();
        assertThat(f.ipAddresses()).containsExactly(ip);
        JsonNode again = ok(f.rest.call("PATCH", SERVICES + "/ssa?fieldManager=test", manifest, "application/apply-patch+yaml"));
        assertThat(again.at("/spec/clusterIP").asText()).isEqualTo(ip);
        assertThat(again.at("/spec/clusterIPs").toString()).isEqualTo("[\"" + ip + "\"]");
        assertThat(f.ipAddresses()).containsExactly(ip);
    }
}
