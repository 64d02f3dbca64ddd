package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPathTest {

    private static final JsonNode DOC = parse("""
            {"metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "shop", "tier": "front"}},
             "spec": {"replicas": 3, "ratio": 1.5, "paused": false,
                      "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]},
             "status": {"conditions": [
                 {"type": "Ready", "status": "True", "reason": "AllGood"},
                 {"type": "Synced", "status": "False", "reason": "Stale", "observedGeneration": 4}]}}
            """);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            ".metadata.name | web",
            "{.metadata.name} | web",
            ".spec.replicas | 3",
            ".spec.ports[0].port | 80",
            ".spec.ports[1].name | https",
            ".spec.ports[-1].port | 443",
            ".spec.ports[*].port | 80",
            ".metadata.labels['app.kubernetes.io/name'] | shop",
            ".metadata.labels[\"tier\"] | front",
            ".metadata.labels.app\\.kubernetes\\.io/name | shop",
            ".status.conditions[?(@.type==\"Ready\")].status | True",
            ".status.conditions[?(@.type == 'Synced')].reason | Stale",
            ".status.conditions[?(@.type!=\"Ready\")].type | Synced",
            ".status.conditions[?(@.observedGeneration>3)].type | Synced",
            ".status.conditions[?(@.observedGeneration)].reason | Stale"})
    void selectsFirstMatch(String path, String expected) {
        assertThat(JsonPath.parse(path).first(DOC).asText()).isEqualTo(expected);
    }

    @Test
    void wildcardSelectsAllInDocumentOrder() {
        List<JsonNode> ports = JsonPath.parse(".spec.ports[*].port").evaluate(DOC);
        assertThat(ports).extracting(JsonNode::asInt).containsExactly(80, 443);
        assertThat(JsonPath.parse(".metadata.labels.*").evaluate(DOC)).extracting(JsonNode::asText)
                .containsExactly("shop", "front");
    }

    @Test
    void missingKeysSelectNothing() {
        assertThat(JsonPath.parse(".status.replicas").first(DOC)).isNull();
        assertThat(JsonPath.parse(".spec.ports[5].port").first(DOC)).isNull();
        assertThat(JsonPath.parse(".status.conditions[?(@.type==\"Gone\")].status").first(DOC)).isNull();
        assertThat(JsonPath.parse(".metadata.name.first").first(DOC)).isNull();
    }

    @Test
    void booleansAndNumbersCompareByValue() {
        assertThat(JsonPath.parse(".spec").evaluate(DOC)).hasSize(1);
        JsonNode doc = parse("{\"items\": [{\"on\": true, \"n\": 2}, {\"on\": false, \"n\": 2.0}]}");
        assertThat(JsonPath.parse(".items[?(@.on==false)].n").first(doc).asDouble()).isEqualTo(2.0);
        assertThat(JsonPath.parse(".items[?(@.n==2)]").evaluate(doc)).hasSize(2);
        assertThat(JsonPath.parse(".items[?(@.n<2)]").evaluate(doc)).isEmpty();
    }

    @Test
    void rejectsWhatItDoesNotSupport() {
        assertThatThrownBy(() -> JsonPath.parse("..name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.parse(".a[1:2]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.parse(".a[?(@.b=~/x/)]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.parse("metadata")).isInstanceOf(IllegalArgumentException.class);
    }

    static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
