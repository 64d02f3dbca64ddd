package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pruning of unspecified fields and schema defaults, as apiextensions-apiserver applies them. */
class PrunerDefaulterTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final StructuralSchema SCHEMA = StructuralSchema.parse(yaml("""
            type: object
            properties:
              spec:
                type: object
                properties:
                  replicas: {type: integer, default: 1}
                  policy:
                    type: object
                    default: {}
                    properties:
                      mode: {type: string, default: Always}
                      keep: {type: boolean}
                  nullableName: {type: string, nullable: true, default: x}
                  name: {type: string, default: anon}
                  free:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      known:
                        type: object
                        properties:
                          a: {type: string}
                  labels: {type: object, additionalProperties: {type: string}}
                  list:
                    type: array
                    items:
                      type: object
                      properties:
                        n: {type: integer, default: 7}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec: {type: object, properties: {x: {type: string}}}
            """));

    private static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void prunesUnknownFieldsAndReportsTheirPaths() throws Exception {
        ObjectNode obj = yaml("""
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: x, labels: {a: b}, foo: bar}
                extra: 1
                spec:
                  replicas: 2
                  colour: blue
                  free: {anything: [1, 2], known: {a: x, b: y}}
                  labels: {k: v}
                  list: [{n: 1, z: 2}]
                  template: {apiVersion: v1, kind: Pod, metadata: {name: p, bogus: 1}, spec: {x: a, y: b}, other: 1}
                """);
        assertThat(Pruner.prune(obj, SCHEMA)).containsExactly("metadata.foo", "extra", "spec.colour",
                "spec.free.known.b", "spec.list[0].z", "spec.template.metadata.bogus", "spec.template.spec.y",
                "spec.template.other");
        assertThat(JSON.writeValueAsString(obj)).isEqualTo("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\","
                + "\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":\"b\"}},\"spec\":{\"replicas\":2,"
                + "\"free\":{\"anything\":[1,2],\"known\":{\"a\":\"x\"}},\"labels\":{\"k\":\"v\"},\"list\":[{\"n\":1}],"
                + "\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"x\":\"a\"}}}}");
    }

    @Test
    void objectsWithoutPropertiesLoseEverything() {
        StructuralSchema s = StructuralSchema.parse(yaml("type: object\nproperties: {spec: {type: object}}"));
        ObjectNode obj = yaml("spec: {a: 1}");
        assertThat(Pruner.prune(obj, s)).containsExactly("spec.a");
        assertThat(obj.get("spec").size()).isZero();
    }

    @Test
    void defaultsFillMissingFieldsRecursively() throws Exception {
        ObjectNode obj = yaml("spec: {list: [{}, {n: 3}]}");
        Defaulter.apply(obj, SCHEMA);
        assertThat(JSON.writeValueAsString(obj.get("spec"))).isEqualTo("{\"list\":[{\"n\":7},{\"n\":3}],"
                + "\"replicas\":1,\"policy\":{\"mode\":\"Always\"},\"nullableName\":\"x\",\"name\":\"anon\"}");
    }

    @Test
    void nullsAreDefaultedUnlessNullable() {
        ObjectNode obj = yaml("spec: {name: null, nullableName: null, replicas: 5}");
        Defaulter.apply(obj, SCHEMA);
        JsonNode spec = obj.get("spec");
        assertThat(spec.get("name").asText()).isEqualTo("anon");
        assertThat(spec.get("nullableName").isNull()).isTrue();
        assertThat(spec.get("replicas").asInt()).isEqualTo(5);
    }

    @Test
    void noSpecMeansNoDefaultsBelowIt() {
        ObjectNode obj = yaml("metadata: {name: x}");
        Defaulter.apply(obj, SCHEMA);
        assertThat(obj.has("spec")).isFalse();
    }
}
