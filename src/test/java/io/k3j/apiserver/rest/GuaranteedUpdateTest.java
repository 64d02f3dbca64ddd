package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A write that loses its compare-and-swap to a concurrent one reads again and retries (upstream's guaranteed
 * update), unless the client pinned a resourceVersion. The race is made deterministic by a mutating plugin that
 * writes the same object behind the request's back on its first attempt.
 */
class GuaranteedUpdateTest {

    static final String KEY = "/registry/core/configmaps/default/race";

    @TempDir
    Path dir;
    RestHarness rest;
    final AtomicInteger attempts = new AtomicInteger();

    /** On the first update of "race", a concurrent writer adds data.other. */
    final MutatingPlugin interloper = new MutatingPlugin() {
        @Override
        public String name() {
            return "Interloper";
        }

        @Override
        public boolean handles(AdmissionRequest r) {
            return r.operation() == Operation.UPDATE && r.name().equals("race");
        }

        @Override
        public Future<Void> admit(AdmissionRequest r) {
            if (attempts.incrementAndGet() > 1) {
                return Future.succeededFuture();
            }
            return rest.store.get(KEY).compose(res -> {
                ObjectNode stored = Json.stored(res.kv().value());
                stored.with("data").put("other", "concurrent");
                return rest.store.update(KEY, Json.bytes(stored), res.kv().modRevision());
            }).mapEmpty();
        }
    };

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)),
                new AdmissionChain(List.of(interloper)));
        rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
        rest.call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"race\"},\"data\":{\"k\":\"1\"}}");
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    @Test
    void aPatchWithoutResourceVersionIsRetriedOnTheFreshObject() {
        var r = rest.call("PATCH", "/api/v1/namespaces/default/configmaps/race", "{\"data\":{\"k\":\"2\"}}",
                "application/merge-patch+json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(attempts).hasValue(2);
        var stored = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps/race", null));
        assertThat(stored.at("/data/k").asText()).isEqualTo("2");
        assertThat(stored.at("/data/other").asText()).isEqualTo("concurrent"); // the concurrent write is kept
    }

    @Test
    void anApplyIsRetriedToo() {
        var r = rest.call("PATCH", "/api/v1/namespaces/default/configmaps/race?fieldManager=test",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"race\"},\"data\":{\"n\":\"3\"}}",
                "application/apply-patch+yaml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(attempts).hasValue(2);
        var stored = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps/race", null));
        assertThat(stored.at("/data/n").asText()).isEqualTo("3"); // a field of its own: no manager conflict
        assertThat(stored.at("/data/other").asText()).isEqualTo("concurrent");
    }

    @Test
    void aPinnedResourceVersionStillConflicts() {
        String rv = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps/race", null))
                .at("/metadata/resourceVersion").asText();
        var r = rest.call("PUT", "/api/v1/namespaces/default/configmaps/race",
                "{\"metadata\":{\"name\":\"race\",\"resourceVersion\":\"" + rv + "\"},\"data\":{\"k\":\"4\"}}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(RestHarness.json(r).path("reason").asText()).isEqualTo("Conflict");
        var stored = RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/configmaps/race", null));
        assertThat(stored.at("/data/k").asText()).isEqualTo("1");
    }
}
