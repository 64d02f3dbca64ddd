package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's texts for schema violations of custom resources, as kubectl prints them after the field path. */
class SchemaValidatorTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final StructuralSchema SCHEMA = StructuralSchema.parse(yaml("""
            type: object
            properties:
              spec:
                type: object
                required: [size]
                properties:
                  size: {type: integer}
                  replicas: {type: integer, minimum: 1, maximum: 10}
                  ratio: {type: number, exclusiveMinimum: true, minimum: 0, multipleOf: 0.5}
                  name: {type: string, maxLength: 10, minLength: 2, pattern: '^[a-z]+$'}
                  mode: {type: string, enum: [a, b]}
                  items: {type: array, maxItems: 3, minItems: 1, items: {type: string}}
                  when: {type: string, format: date-time}
                  port: {x-kubernetes-int-or-string: true}
                  maybe: {type: string, nullable: true}
                  tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                  labels: {type: object, maxProperties: 1, additionalProperties: {type: string}}
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    x-kubernetes-preserve-unknown-fields: true
                  ports:
                    type: array
                    items:
                      type: object
                      required: [port]
                      properties:
                        port: {type: integer}
            """));

    private final SchemaValidator validator = new SchemaValidator();

    private static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> errors(String spec) {
        JsonNode obj = yaml("apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata: {name: x}\nspec:\n" + spec.indent(2));
        return validator.validate(obj, SCHEMA).stream().map(FieldError::toString).toList();
    }

    @Test
    void validObjectHasNoErrors() {
        assertThat(errors("size: 1\nreplicas: 3\nname: abc\nmode: a\nitems: [x]\nwhen: '2024-01-02T03:04:05Z'\nport: 80\n"
                + "maybe: null\ntemplate: {apiVersion: v1, kind: Pod, metadata: {name: p}}\nratio: 1.5")).isEmpty();
        assertThat(errors("size: 1\nport: http")).isEmpty();
    }

    @Test
    void typeErrorsQuoteTheActualType() {
        assertThat(errors("size: 1\nreplicas: three")).containsExactly(
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
        assertThat(errors("size: 1.5")).containsExactly(
                "spec.size: Invalid value: \"number\": spec.size in body must be of type integer: \"number\"");
        assertThat(errors("size: 1\nname: null")).containsExactly(
                "spec.name: Invalid value: \"null\": spec.name in body must be of type string: \"null\"");
        assertThat(errors("size: 1\nport: true")).containsExactly(
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"");
    }

    @Test
    void integralFloatsAreIntegers() {
        assertThat(errors("size: 2.0")).isEmpty();
    }

    @Test
    void requiredEnumLengthAndCounts() {
        assertThat(errors("replicas: 2")).containsExactly("spec.size: Required value");
        assertThat(errors("size: 1\nmode: c")).containsExactly(
                "spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"");
        assertThat(errors("size: 1\nname: abcdefghijkl")).containsExactly("spec.name: Too long: may not be more than 10 bytes");
        assertThat(errors("size: 1\nname: a")).containsExactly(
                "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long");
        assertThat(errors("size: 1\nitems: [a, b, c, d, e]")).containsExactly(
                "spec.items: Too many: 5: must have at most 3 items");
        assertThat(errors("size: 1\nitems: []")).containsExactly(
                "spec.items: Invalid value: 0: spec.items in body should have at least 1 items");
        assertThat(errors("size: 1\nlabels: {a: x, b: y}")).containsExactly("spec.labels: Too many: 2: must have at most 1 item");
    }

    @Test
    void boundsPatternAndFormat() {
        assertThat(errors("size: 1\nreplicas: 20")).containsExactly(
                "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10");
        assertThat(errors("size: 1\nreplicas: 0")).containsExactly(
                "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
        assertThat(errors("size: 1\nratio: 0")).containsExactly(
                "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0");
        assertThat(errors("size: 1\nratio: 0.7")).containsExactly(
                "spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5");
        assertThat(errors("size: 1\nname: ABC")).containsExactly(
                "spec.name: Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'");
        assertThat(errors("size: 1\nwhen: yesterday")).containsExactly(
                "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"");
    }

    @Test
    void arrayItemsAreIndexedAndListTypesChecked() {
        assertThat(errors("size: 1\nports: [{port: 1}, {name: x}]")).containsExactly("spec.ports[1].port: Required value");
        assertThat(errors("size: 1\nitems: [a, 2]")).containsExactly(
                "spec.items[1]: Invalid value: \"integer\": spec.items[1] in body must be of type string: \"integer\"");
        assertThat(errors("size: 1\ntags: [a, b, a]")).containsExactly("spec.tags[2]: Duplicate value: \"a\"");
    }

    @Test
    void embeddedResourcesNeedApiVersionAndKind() {
        assertThat(errors("size: 1\ntemplate: {metadata: {name: p}}")).containsExactly(
                "spec.template.apiVersion: Required value: must not be empty",
                "spec.template.kind: Required value: must not be empty");
    }

    @Test
    void combinatorsReportAtTheNilPath() {
        StructuralSchema s = StructuralSchema.parse(yaml("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      a: {type: string}
                      b: {type: string}
                    oneOf:
                    - required: [a]
                    - required: [b]
                """));
        JsonNode obj = yaml("spec: {a: x, b: y}");
        assertThat(validator.validate(obj, s)).extracting(FieldError::toString).containsExactly(
                "<nil>: Invalid value: \"\": \"spec\" must validate one and only one schema (oneOf). Found 2 valid alternatives");
    }

    @Test
    void aggregateAndCauses() {
        List<FieldError> errs = validator.validate(yaml("spec: {replicas: 0}"), SCHEMA);
        assertThat(FieldError.aggregate(errs)).isEqualTo("[spec.size: Required value, "
                + "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1]");
        assertThat(errs).extracting(e -> e.type().reason()).containsExactly("FieldValueRequired", "FieldValueInvalid");
        assertThat(errs.get(1).body()).isEqualTo("Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
    }

    @Test
    void goFormatting() {
        assertThat(GoValues.number(1e21)).isEqualTo("1e+21");
        assertThat(GoValues.number(0.00001)).isEqualTo("1e-05");
        assertThat(GoValues.number(100.0)).isEqualTo("100");
        assertThat(GoValues.number(2.5)).isEqualTo("2.5");
        assertThat(GoValues.badValue(yaml("{b: 1, a: [x]}")))
                .isEqualTo("map[string]interface {}{\"a\":[]interface {}{\"x\"}, \"b\":1}");
    }
}
