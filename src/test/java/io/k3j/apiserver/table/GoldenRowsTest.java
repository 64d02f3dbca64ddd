package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.GroupVersionKind;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden rows: each file under {@code table/golden} holds realistic objects and the cells kube-apiserver 1.33 sends
 * for them (all columns, wide ones included), at the file's fixed {@code now}.
 */
class GoldenRowsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenRowsTest.class.getResource("/table/golden").toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                JsonNode doc = YAML.readTree(file.toFile());
                Instant now = Instant.parse(doc.path("now").asText());
                for (JsonNode c : doc.path("cases")) {
                    out.add(Arguments.of(file.getFileName() + ": " + c.path("name").asText(), now, c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowMatchesUpstream(String name, Instant now, JsonNode c) throws IOException {
        JsonNode object = c.path("object");
        GroupVersionKind gvk = gvk(object);
        JsonNode table = TableConvertor.builtin().toTable(object, gvk, TableOptions.DEFAULT, now);

        JsonNode row = table.path("rows").path(0);
        assertThat(JSON.writeValueAsString(row.path("cells")))
                .as("cells of %s", name)
                .isEqualTo(JSON.writeValueAsString(c.path("cells")));
        // Upstream sometimes sends more cells than columns (IPAddress); never fewer.
        assertThat(row.path("cells").size()).isGreaterThanOrEqualTo(table.path("columnDefinitions").size());
        if (c.has("conditions")) {
            assertThat(JSON.writeValueAsString(row.path("conditions")))
                    .isEqualTo(JSON.writeValueAsString(c.path("conditions")));
        } else {
            assertThat(row.has("conditions")).as("row conditions").isFalse();
        }
    }

    static GroupVersionKind gvk(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, object.path("kind").asText())
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1),
                        object.path("kind").asText());
    }

}
