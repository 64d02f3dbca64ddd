package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a CRD version's {@code openAPIV3Schema} must follow to be structural (apiextensions.k8s.io/v1
 * refuses any other), with upstream's paths and texts, e.g.
 * {@code spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for
 * specified object fields}.
 */
public final class StructuralCheck {

    private enum Level { ROOT, FIELD, ITEM }

    private static final Set<String> NESTED_FORBIDDEN_EMPTY = Set.of("type", "description", "title");
    private static final Set<String> NESTED_FORBIDDEN_UNDEFINED = Set.of("default", "additionalProperties");
    private static final Set<String> NESTED_FORBIDDEN_FALSE = Set.of("nullable", "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string");

    private StructuralCheck() {
    }

    /** Every rule the schema breaks; {@code path} is where it sits in the CRD. */
    public static List<FieldError> check(JsonNode schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        node(schema, Level.ROOT, path, errors);
        return errors;
    }

    private static void node(JsonNode s, Level level, String path, List<FieldError> errors) {
        if (s == null || !s.isObject()) {
            return;
        }
        String type = s.path("type").asText("");
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
        if (s.has("$ref")) {
            errors.add(FieldError.forbidden(path + ".$ref", "$ref is not supported"));
        }
        if (s.has("x-kubernetes-preserve-unknown-fields") && !preserve) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", BooleanNode.FALSE,
                    "must be true or undefined"));
        }
        if (s.path("uniqueItems").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".uniqueItems",
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
            errors.add(FieldError.forbidden(path + ".additionalProperties", "additionalProperties cannot be set to false"));
        }
        if (additional != null && s.has("properties")) {
            errors.add(FieldError.forbidden(path + ".additionalProperties",
                    "additionalProperties and properties are mutual exclusive"));
        }
        if (type.equals("array") && !s.has("items")) {
            errors.add(FieldError.required(path + ".items", "must be specified"));
        }
        if (intOrString && preserve) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", BooleanNode.TRUE,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        if (intOrString && embedded) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-embedded-resource", BooleanNode.TRUE,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        if (embedded && !type.equals("object")) {
            errors.add(type.isEmpty()
                    ? FieldError.required(path + ".type", "must be object if x-kubernetes-embedded-resource is true")
                    : FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
        } else if (type.isEmpty() && !embedded && !intOrString && !preserve) {
            errors.add(FieldError.required(path + ".type", switch (level) {
                case ROOT -> "must not be empty at the root";
                case ITEM -> "must not be empty for specified array items";
                case FIELD -> "must not be empty for specified object fields";
            }));
        }
        if (embedded && additional != null) {
            errors.add(FieldError.forbidden(path + ".additionalProperties",
                    "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (level == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
            errors.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
        }
        if (level == Level.ROOT) {
            root(s, path, errors);
        }
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            node(p.getValue(), Level.FIELD, path + ".properties[" + p.getKey() + "]", errors);
        }
        node(s.get("items"), Level.ITEM, path + ".items", errors);
        if (additional != null && additional.isObject()) {
            node(additional, Level.FIELD, path + ".additionalProperties", errors);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode list = s.path(combinator);
            for (int i = 0; i < list.size(); i++) {
                if (!(intOrString && combinator.equals("anyOf") && intOrStringBranch(list.get(i)))) {
                    nested(list.get(i), path + "." + combinator + "[" + i + "]", errors);
                }
            }
        }
        if (s.has("not")) {
            nested(s.get("not"), path + ".not", errors);
        }
    }

    private static void root(JsonNode s, String path, List<FieldError> errors) {
        JsonNode props = s.path("properties");
        for (String f : List.of("kind", "apiVersion")) {
            JsonNode p = props.get(f);
            if (p != null && !p.path("type").asText("").equals("string")) {
                errors.add(FieldError.invalid(path + ".properties[" + f + "].type", p.path("type").asText(""), "must be string"));
            }
        }
        JsonNode meta = props.get("metadata");
        if (meta != null) {
            String mpath = path + ".properties[metadata]";
            if (!meta.path("type").asText("").equals("object")) {
                errors.add(FieldError.invalid(mpath + ".type", meta.path("type").asText(""), "must be object"));
            }
            for (Map.Entry<String, JsonNode> p : meta.path("properties").properties()) {
                if (!p.getKey().equals("name") && !p.getKey().equals("generateName")) {
                    errors.add(FieldError.forbidden(mpath + ".properties[" + p.getKey() + "]",
                            "must not be specified for metadata properties other than name and generateName"));
                }
            }
        }
    }

    /** anyOf: [{type: integer}, {type: string}] under x-kubernetes-int-or-string is the sanctioned form. */
    private static boolean intOrStringBranch(JsonNode branch) {
        String t = branch.path("type").asText("");
        return branch.size() == 1 && (t.equals("integer") || t.equals("string"));
    }

    /** Value validation inside allOf/anyOf/oneOf/not may not carry what only structural nodes may. */
    private static void nested(JsonNode s, String path, List<FieldError> errors) {
        if (s == null || !s.isObject()) {
            return;
        }
        for (String f : NESTED_FORBIDDEN_EMPTY) {
            if (s.has(f)) {
                errors.add(FieldError.forbidden(path + "." + f, "must be empty to be structural"));
            }
        }
        for (String f : NESTED_FORBIDDEN_UNDEFINED) {
            if (s.has(f)) {
                errors.add(FieldError.forbidden(path + "." + f, "must be undefined to be structural"));
            }
        }
        for (String f : NESTED_FORBIDDEN_FALSE) {
            if (s.path(f).asBoolean(false)) {
                errors.add(FieldError.forbidden(path + "." + f, "must be false to be structural"));
            }
        }
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            nested(p.getValue(), path + ".properties[" + p.getKey() + "]", errors);
        }
        nested(s.get("items"), path + ".items", errors);
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            JsonNode list = s.path(combinator);
            for (int i = 0; i < list.size(); i++) {
                nested(list.get(i), path + "." + combinator + "[" + i + "]", errors);
            }
        }
        if (s.has("not")) {
            nested(s.get("not"), path + ".not", errors);
        }
    }
}
