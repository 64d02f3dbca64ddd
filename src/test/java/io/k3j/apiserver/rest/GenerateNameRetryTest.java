package io.k3j.apiserver.rest;

import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create with generateName whose generated name is taken draws another name (upstream's RetryGenerateName, GA
 * in 1.32), up to eight names. The clash is made deterministic by a plugin that stores an object under the
 * generated name behind the request's back.
 */
class GenerateNameRetryTest {

    @TempDir
    Path dir;
    RestHarness rest;
    final AtomicInteger squatted = new AtomicInteger();

    final MutatingPlugin squatter = new MutatingPlugin() {
        @Override
        public String name() {
            return "Squatter";
        }

        @Override
        public boolean handles(AdmissionRequest r) {
            return r.operation() == Operation.CREATE && r.name().startsWith("gen-");
        }

        @Override
        public Future<Void> admit(AdmissionRequest r) {
            squatted.incrementAndGet();
            return rest.store.create("/registry/core/configmaps/default/" + r.name(),
                    Json.bytes(Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap")
                            .set("metadata", Json.MAPPER.createObjectNode().put("name", r.name())
                                    .put("namespace", "default")))).mapEmpty();
        }
    };

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), new AdmissionChain(List.of(squatter)));
        rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    @Test
    void aTakenGeneratedNameIsReplacedByAFreshOne() {
        var r = rest.call("POST", "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"generateName\":\"gen-\"},\"data\":{\"k\":\"mine\"}}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(squatted).hasValue(1);
        String name = RestHarness.json(r).at("/metadata/name").asText();
        assertThat(name).startsWith("gen-").hasSize(9);
        var list = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps", null)).path("items");
        assertThat(list).hasSize(2); // the squatter's object and ours, under another name
        var mine = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps/" + name, null));
        assertThat(mine.at("/data/k").asText()).isEqualTo("mine");
    }

    @Test
    void aTakenExplicitNameIsStillAlreadyExists() {
        rest.call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"fixed\"}}");
        var r = rest.call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"fixed\"}}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(RestHarness.json(r).path("reason").asText()).isEqualTo("AlreadyExists");
    }
}
