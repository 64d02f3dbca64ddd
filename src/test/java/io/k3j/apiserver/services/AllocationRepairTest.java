package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.k3j.apiserver.services.ServiceFixture.ok;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repair pass: records a Service holds without them come back, records no Service holds go after the grace
 * period (not before: a write in flight holds them), conflicts are left alone, the default ServiceCIDR is kept.
 */
class AllocationRepairTest {

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

    AllocationRepair.Result repair() {
        return await(f.allocators.repairOnce());
    }

    @Test
    void aMissingRecordComesBackForItsService() {
        JsonNode svc = f.created("s", "{'type':'NodePort','ports':[{'port':80}]}");
        String ip = svc.at("/spec/clusterIP").asText();
        int port = svc.at("/spec/ports/0/nodePort").asInt();
        await(f.rest.store.delete(IpAddressObjects.key(ip), 0));
        await(f.rest.store.delete(NodePortAllocator.key(port), 0));
        assertThat(repair()).isEqualTo(new AllocationRepair.Result(1, 0, 1, 0));
        assertThat(f.ipAddress(ip).at("/spec/parentRef/name").asText()).isEqualTo("s");
        assertThat(f.nodePorts()).containsExactly(String.valueOf(port));
        assertThat(repair()).isEqualTo(new AllocationRepair.Result(0, 0, 0, 0));
    }

    @Test
    void aRecordNoServiceHoldsGoesAfterTheGracePeriod() {
        f.created("s", "{'ports':[{'port':80}]}");
        // a claim whose Service was never stored (a crash between the two), and one for a Service that moved on
        await(f.rest.store.create(IpAddressObjects.key("10.43.7.7"), Json.bytes(IpAddressObjects.create("10.43.7.7", "IPv4",
                new ServiceRef("default", "gone"), f.clock.instant()))));
        await(f.rest.store.create(IpAddressObjects.key("10.43.7.8"), Json.bytes(IpAddressObjects.create("10.43.7.8", "IPv4",
                new ServiceRef("default", "s"), f.clock.instant()))));
        await(f.rest.store.create(NodePortAllocator.key(31000), Json.bytes(NodePortAllocator.record(
                new ServiceRef("default", "gone"), f.clock.instant()))));
        // an IPAddress someone else manages is not ours to collect
        ok(f.rest.call("POST", "/apis/networking.k8s.io/v1/ipaddresses", """
                {"metadata":{"name":"10.43.9.9"},"spec":{"parentRef":{"resource":"gateways","name":"g","namespace":"default"}}}"""));
        assertThat(repair()).isEqualTo(new AllocationRepair.Result(0, 0, 0, 0));
        assertThat(f.ipAddresses()).contains("10.43.7.7", "10.43.7.8");
        f.clock.advance(Duration.ofSeconds(61));
        assertThat(repair()).isEqualTo(new AllocationRepair.Result(0, 2, 0, 1));
        assertThat(f.ipAddresses()).hasSize(2).contains("10.43.9.9").doesNotContain("10.43.7.7", "10.43.7.8");
        assertThat(f.nodePorts()).isEmpty();
    }

    @Test
    void conflictsAndOutOfRangeAddressesAreLeftAlone() {
        JsonNode a = f.created("a", "{'ports':[{'port':80}]}");
        String ip = a.at("/spec/clusterIP").asText();
        // Services written behind the allocator's back: one on a's address, one outside the range
        await(f.rest.store.create("/registry/core/services/default/b", Json.bytes(Json.parseObject("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"b","namespace":"default"},
                 "spec":{"clusterIP":"%s","clusterIPs":["%s"],"ports":[{"port":80}]}}""".formatted(ip, ip).getBytes()))));
        await(f.rest.store.create("/registry/core/services/default/c", Json.bytes(Json.parseObject("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"c","namespace":"default"},
                 "spec":{"clusterIP":"10.99.0.1","clusterIPs":["10.99.0.1"],"ports":[{"port":80}]}}""".getBytes()))));
        f.clock.advance(Duration.ofMinutes(5));
        assertThat(repair()).isEqualTo(new AllocationRepair.Result(0, 0, 0, 0));
        assertThat(f.ipAddress(ip).at("/spec/parentRef/name").asText()).isEqualTo("a");
        assertThat(f.ipAddresses()).containsExactly(ip);
    }

    @Test
    void theDefaultServiceCidrIsCreatedAndComesBack() {
        repair();
        JsonNode cidr = ok(f.rest.call("GET", "/apis/networking.k8s.io/v1/servicecidrs/kubernetes", null));
        assertThat(cidr.at("/spec/cidrs").toString()).isEqualTo("[\"10.43.0.0/16\"]");
        assertThat(cidr.at("/status/conditions/0/type").asText()).isEqualTo("Ready");
        assertThat(cidr.at("/status/conditions/0/status").asText()).isEqualTo("True");
        ok(f.rest.call("DELETE", "/apis/networking.k8s.io/v1/servicecidrs/kubernetes", null));
        repair();
        assertThat(f.rest.call("GET", "/apis/networking.k8s.io/v1/servicecidrs/kubernetes", null).statusCode()).isEqualTo(200);
    }
}
