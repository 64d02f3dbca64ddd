package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.apiserver.rest.RestHarness;
import io.k3j.auth.UserInfo;
import io.k3j.config.CidrList;
import io.k3j.config.PortRange;
import io.k3j.store.KeyValue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST handlers over a memory store with Service allocation hooked in, a seeded random source and a clock the
 * test moves: for tests of allocation through real create/update/patch/delete requests.
 */
final class ServiceFixture implements AutoCloseable {

    static final String SERVICES = "/api/v1/namespaces/default/services";

    final MovableClock clock = new MovableClock(Instant.parse("2025-06-01T00:00:00Z"));
    final RestHarness rest;
    ServiceAllocators allocators;

    ServiceFixture(Path dir, String cidr, String nodePorts) {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE, (vertx, store, cache) -> {
            allocators = ServiceAllocators.create(vertx, () -> store, AllocatedKeys.cached(cache, IpAddressObjects.PREFIX),
                    new ServiceNetwork(CidrList.parse("--service-cidr", cidr), PortRange.parse(nodePorts)), new Random(42), clock, Duration.ofHours(1));
            return allocators.hooks();
        });
        ok(rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}"));
    }

    static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return RestHarness.json(r);
    }

    /** A Service from its spec (JSON with single quotes). */
    HttpResponse<String> create(String name, String spec) {
        return rest.call("POST", SERVICES, ("{'metadata':{'name':'" + name + "'},'spec':" + spec + "}").replace('\'', '"'));
    }

    JsonNode created(String name, String spec) {
        return ok(create(name, spec));
    }

    HttpResponse<String> patch(String name, String mergePatch) {
        return rest.call("PATCH", SERVICES + "/" + name, mergePatch.replace('\'', '"'), "application/merge-patch+json");
    }

    HttpResponse<String> delete(String name) {
        return rest.call("DELETE", SERVICES + "/" + name, null);
    }

    /** Names of the IPAddress objects in the store. */
    List<String> ipAddresses() {
        return names(IpAddressObjects.PREFIX);
    }

    JsonNode ipAddress(String ip) {
        return ok(rest.call("GET", "/apis/networking.k8s.io/v1/ipaddresses/" + ip, null));
    }

    /** Allocated node ports, as their keys name them. */
    List<String> nodePorts() {
        return names(NodePortAllocator.PREFIX);
    }

    private List<String> names(String prefix) {
        List<String> out = new ArrayList<>();
        for (KeyValue kv : await(rest.store.range(prefix, null, 0, 0)).kvs()) {
            out.add(kv.key().substring(prefix.length()));
        }
        return out;
    }

    @Override
    public void close() {
        rest.close();
    }

    /** A clock tests move forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
