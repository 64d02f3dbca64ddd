package io.k3j.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What real kubectl 1.33 sent, decoded without kubectl present. For {@code create} commands the expected JSON is
 * kubectl's own {@code --dry-run=client -o json} output, i.e. Go's JSON serializer on the same object; for the
 * others (auth, token, certificate) it was checked by hand against the upstream types.
 */
class KubectlFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Fixtures.Fixture> fixtures() {
        List<Fixtures.Fixture> all = Fixtures.kubectl();
        assertThat(all).hasSizeGreaterThanOrEqualTo(25);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodesToWhatGoWritesAsJson(Fixtures.Fixture f) throws Exception {
        JsonNode expected = JSON.readTree(f.expectedJson().toFile());
        DecodedBody decoded = ProtobufBody.decode(f.body());
        assertThat(JsonDiff.paths(expected, decoded.object())).isEmpty();
        // the endpoint's kind agrees with the envelope's
        assertThat(ProtobufBody.decode(f.body(), decoded.kind()).object()).isEqualTo(decoded.object());
    }
}
