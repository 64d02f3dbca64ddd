package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a CRD's {@code openAPIV3Schema}, parsed once into what pruning, defaulting and validation read.
 * Immutable. Fields absent in the schema are null (or empty collections, or false for the x-kubernetes flags).
 * {@code allOf/anyOf/oneOf/not} are kept for value validation only, as upstream's structural schema keeps
 * them out of pruning and defaulting.
 */
public record StructuralSchema(
        String type,
        String format,
        Map<String, StructuralSchema> properties,
        StructuralSchema items,
        StructuralSchema additionalProperties,
        boolean additionalPropertiesAllowed,
        List<String> required,
        List<JsonNode> enumValues,
        BigDecimal maximum,
        boolean exclusiveMaximum,
        BigDecimal minimum,
        boolean exclusiveMinimum,
        BigDecimal multipleOf,
        Long maxLength,
        Long minLength,
        Long maxItems,
        Long minItems,
        Long maxProperties,
        Long minProperties,
        String pattern,
        boolean nullable,
        JsonNode defaultValue,
        boolean intOrString,
        boolean preserveUnknownFields,
        boolean embeddedResource,
        String listType,
        List<String> listMapKeys,
        String mapType,
        List<StructuralSchema> allOf,
        List<StructuralSchema> anyOf,
        List<StructuralSchema> oneOf,
        StructuralSchema not) {

    /** An empty schema: no constraints, nothing declared (what a missing openAPIV3Schema amounts to). */
    public static final StructuralSchema EMPTY = parse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());

    /** Parses a schema tree; malformed parts are ignored here (the CRD's validation reports them). */
    public static StructuralSchema parse(JsonNode n) {
        if (n == null || !n.isObject()) {
            n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        Map<String, StructuralSchema> props = new LinkedHashMap<>();
        n.path("properties").properties().forEach(e -> props.put(e.getKey(), parse(e.getValue())));
        JsonNode ap = n.get("additionalProperties");
        StructuralSchema additional = ap != null && ap.isObject() ? parse(ap) : null;
        return new StructuralSchema(
                text(n, "type"), text(n, "format"), Collections.unmodifiableMap(props),
                n.has("items") && n.get("items").isObject() ? parse(n.get("items")) : null,
                additional, ap != null && ap.isBoolean() && ap.asBoolean(),
                strings(n.path("required")), n.has("enum") ? list(n.get("enum")) : List.of(),
                decimal(n, "maximum"), n.path("exclusiveMaximum").asBoolean(false),
                decimal(n, "minimum"), n.path("exclusiveMinimum").asBoolean(false),
                decimal(n, "multipleOf"),
                integer(n, "maxLength"), integer(n, "minLength"), integer(n, "maxItems"), integer(n, "minItems"),
                integer(n, "maxProperties"), integer(n, "minProperties"),
                text(n, "pattern"),
                n.path("nullable").asBoolean(false), n.get("default"),
                n.path("x-kubernetes-int-or-string").asBoolean(false),
                n.path("x-kubernetes-preserve-unknown-fields").asBoolean(false),
                n.path("x-kubernetes-embedded-resource").asBoolean(false),
                text(n, "x-kubernetes-list-type"), strings(n.path("x-kubernetes-list-map-keys")),
                text(n, "x-kubernetes-map-type"),
                schemas(n.path("allOf")), schemas(n.path("anyOf")), schemas(n.path("oneOf")),
                n.has("not") && n.get("not").isObject() ? parse(n.get("not")) : null);
    }

    /** The schema of a declared property, if any. */
    public Optional<StructuralSchema> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** The schema that governs the value of {@code key} inside an object of this schema, or null. */
    public StructuralSchema child(String key) {
        StructuralSchema p = properties.get(key);
        return p != null ? p : additionalProperties;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }

    private static Long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.canConvertToLong() && v.isNumber() ? v.asLong() : null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> {
            if (v.isTextual()) {
                out.add(v.asText());
            }
        });
        return List.copyOf(out);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return Collections.unmodifiableList(out);
    }

    private static List<StructuralSchema> schemas(JsonNode array) {
        List<StructuralSchema> out = new ArrayList<>();
        array.forEach(v -> out.add(parse(v)));
        return List.copyOf(out);
    }
}
