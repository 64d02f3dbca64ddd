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

/** A Secret's stringData is folded into data (base64) on every write and never stored, as upstream. */
class SecretStringDataTest {

    @TempDir
    Path dir;
    RestHarness rest;

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, new UserInfo("admin", List.of(UserInfo.MASTERS)), AdmissionChain.NONE);
        rest.call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    JsonNode get() {
        return RestHarness.json(rest.call("GET", "/api/v1/namespaces/default/secrets/s", null));
    }

    @Test
    void stringDataBecomesDataOnCreateAndPatch() {
        var created = rest.call("POST", "/api/v1/namespaces/default/secrets",
                "{\"metadata\":{\"name\":\"s\"},\"data\":{\"a\":\"eA==\",\"b\":\"eQ==\"},\"stringData\":{\"b\":\"two\",\"c\":\"ü\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode s = get();
        assertThat(s.has("stringData")).isFalse();
        assertThat(s.at("/data/a").asText()).isEqualTo("eA==");
        assertThat(s.at("/data/b").asText()).isEqualTo("dHdv"); // stringData wins over data, as upstream
        assertThat(s.at("/data/c").asText()).isEqualTo("w7w=");
        var patched = rest.call("PATCH", "/api/v1/namespaces/default/secrets/s", "{\"stringData\":{\"a\":\"new\"}}",
                "application/merge-patch+json");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(RestHarness.json(patched).has("stringData")).isFalse();
        assertThat(get().at("/data/a").asText()).isEqualTo("bmV3");
    }
}
