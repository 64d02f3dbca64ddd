package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The structural-schema rules CRD schemas must follow, with upstream's paths and texts. */
class StructuralCheckTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String P = "spec.versions[0].schema.openAPIV3Schema";

    private static List<String> check(String schema) throws Exception {
        JsonNode s = YAML.readTree(schema);
        return StructuralCheck.check(s, P).stream().map(FieldError::toString).toList();
    }

    @Test
    void structuralSchemaPasses() throws Exception {
        assertThat(check("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      port:
                        x-kubernetes-int-or-string: true
                        anyOf: [{type: integer}, {type: string}]
                      raw: {x-kubernetes-preserve-unknown-fields: true}
                      items: {type: array, items: {type: string}}
                    oneOf:
                    - required: [port]
                """)).isEmpty();
    }

    @Test
    void missingTypes() throws Exception {
        assertThat(check("properties: {spec: {properties: {a: {type: string}}}, list: {type: array}}")).containsExactly(
                P + ".type: Required value: must not be empty at the root",
                P + ".properties[spec].type: Required value: must not be empty for specified object fields",
                P + ".properties[list].items: Required value: must be specified");
        assertThat(check("type: object\nproperties: {l: {type: array, items: {properties: {}}}}")).containsExactly(
                P + ".properties[l].items.type: Required value: must not be empty for specified array items");
    }

    @Test
    void rootAndExtensionRules() throws Exception {
        assertThat(check("type: string")).containsExactly(P + ".type: Invalid value: \"string\": must be object at the root");
        assertThat(check("type: object\nproperties: {a: {type: object, x-kubernetes-preserve-unknown-fields: false}}"))
                .containsExactly(P + ".properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: "
                        + "must be true or undefined");
        assertThat(check("type: object\nproperties: {a: {type: string, x-kubernetes-embedded-resource: true}}"))
                .containsExactly(P + ".properties[a].type: Invalid value: \"string\": must be object if "
                        + "x-kubernetes-embedded-resource is true");
        assertThat(check("type: object\nproperties: {a: {type: object, properties: {}, additionalProperties: {type: string}}}"))
                .containsExactly(P + ".properties[a].additionalProperties: Forbidden: additionalProperties and properties "
                        + "are mutual exclusive");
        assertThat(check("type: object\nproperties: {metadata: {type: object, properties: {labels: {type: object}}}}"))
                .containsExactly(P + ".properties[metadata].properties[labels]: Forbidden: must not be specified for "
                        + "metadata properties other than name and generateName");
    }

    @Test
    void valueValidationMayNotCarryStructure() throws Exception {
        assertThat(check("type: object\nproperties: {a: {type: string, anyOf: [{type: string, default: x}]}}"))
                .containsExactly(P + ".properties[a].anyOf[0].type: Forbidden: must be empty to be structural",
                        P + ".properties[a].anyOf[0].default: Forbidden: must be undefined to be structural");
    }
}
