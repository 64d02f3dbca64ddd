package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an object that is already being deleted, with nothing shorter or new to record, writes nothing (as
 * upstream): a namespace controller repeating its deletecollection must not rewrite every terminating pod each pass.
 */
class RepeatedDeleteTest {

    @TempDir
    Path dir;
    RestHarness rest;

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE);
        rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
        // Bound to a node, so deleting it is graceful (30 s) rather than immediate.
        var created = rest.call("POST", "/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    JsonNode get() {
        return RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/pods/p", null));
    }

    @Test
    void aSecondDeleteChangesNothingAShorterGraceStillApplies() {
        assertThat(rest.call("DELETE", "/api/v1/namespaces/default/pods/p", null).statusCode()).isEqualTo(200);
        JsonNode first = get();
        assertThat(first.at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(30);

        var again = rest.call("DELETE", "/api/v1/namespaces/default/pods/p", null);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode second = get();
        assertThat(second.at("/metadata/resourceVersion").asText()).isEqualTo(first.at("/metadata/resourceVersion").asText());
        assertThat(RestHarness.json(again).at("/metadata/resourceVersion").asText())
                .isEqualTo(first.at("/metadata/resourceVersion").asText());

        assertThat(rest.call("DELETE", "/api/v1/namespaces/default/pods/p", "{\"gracePeriodSeconds\":5}").statusCode())
                .isEqualTo(200);
        assertThat(get().at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(5);
        assertThat(rest.call("DELETE", "/api/v1/namespaces/default/pods/p", "{\"gracePeriodSeconds\":0}").statusCode())
                .isEqualTo(200);
        assertThat(rest.call("GET", "/api/v1/namespaces/default/pods/p", null).statusCode()).isEqualTo(404);
    }
}
