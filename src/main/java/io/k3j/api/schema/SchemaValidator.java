package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a custom resource against its version's structural schema with kube-openapi's rules and
 * apiextensions-apiserver's translation of them into field errors, so clients see upstream's texts, e.g.
 * {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"}.
 * At the resource root (and inside x-kubernetes-embedded-resource values) apiVersion, kind and metadata are
 * the server's business, not the schema's.
 */
public final class SchemaValidator {

    private final RegexCache patterns = new RegexCache();

    /** Every violation in the object; empty when it is valid. */
    public List<FieldError> validate(JsonNode object, StructuralSchema schema) {
        List<FieldError> errors = new ArrayList<>();
        if (object == null || !object.isObject()) {
            return errors;
        }
        validateObject(schema, (ObjectNode) object, "", errors, true);
        return errors;
    }

    /** Validates one value (not a resource) against a schema node, reporting paths under {@code path}. */
    public List<FieldError> validateValue(JsonNode value, StructuralSchema schema, String path) {
        List<FieldError> errors = new ArrayList<>();
        validate(schema, value, path, errors);
        return errors;
    }

    private void validate(StructuralSchema s, JsonNode v, String path, List<FieldError> errors) {
        List<String> types = types(s);
        if (v == null || v.isNull()) {
            if (!types.isEmpty() && !s.nullable()) {
                errors.add(typeError(path, types, "null"));
            }
            return;
        }
        String actual = GoValues.typeOf(v);
        if (!types.isEmpty() && !typeMatches(types, actual, v)) {
            errors.add(typeError(path, types, actual));
            return;
        }
        if (!s.enumValues().isEmpty() && s.enumValues().stream().noneMatch(e -> sameValue(e, v))) {
            errors.add(FieldError.notSupported(path, v, s.enumValues().stream()
                    .map(e -> e.isTextual() ? e.asText() : e.toString()).toList()));
        }
        switch (actual) {
            case "string" -> validateString(s, v.asText(), v, path, errors);
            case "integer", "number" -> validateNumber(s, v, path, errors);
            case "array" -> validateArray(s, v, path, errors);
            case "object" -> validateObject(s, (ObjectNode) v, path, errors, false);
            default -> {
            }
        }
        validateCombinators(s, v, path, errors);
    }

    private static List<String> types(StructuralSchema s) {
        if (s.intOrString()) {
            return List.of("integer", "string");
        }
        return s.type() == null || s.type().isEmpty() ? List.of() : List.of(s.type());
    }

    /** kube-openapi lets integral floats pass as integers and integers pass as numbers. */
    private static boolean typeMatches(List<String> types, String actual, JsonNode v) {
        if (types.contains(actual)) {
            return true;
        }
        if (actual.equals("integer") && types.contains("number")) {
            return true;
        }
        return actual.equals("number") && types.contains("integer") && v.doubleValue() == Math.rint(v.doubleValue());
    }

    private static FieldError typeError(String path, List<String> types, String actual) {
        return FieldError.typeInvalid(path, TextNode.valueOf(actual),
                path + " in body must be of type " + String.join(",", types) + ": " + GoValues.quote(actual));
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.isIntegralNumber() == b.isIntegralNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private void validateString(StructuralSchema s, String text, JsonNode v, String path, List<FieldError> errors) {
        long length = text.codePointCount(0, text.length());
        if (s.maxLength() != null && length > s.maxLength()) {
            errors.add(FieldError.tooLong(path, s.maxLength()));
        }
        if (s.minLength() != null && length < s.minLength()) {
            errors.add(FieldError.invalid(path, v, path + " in body should be at least " + s.minLength() + " chars long"));
        }
        if (s.pattern() != null && !patterns.matches(s.pattern(), text)) {
            errors.add(FieldError.invalid(path, v, path + " in body should match '" + s.pattern() + "'"));
        }
        if (s.format() != null && !Formats.valid(s.format(), text)) {
            errors.add(FieldError.typeInvalid(path, v, path + " in body must be of type " + s.format() + ": "
                    + GoValues.quote(text)));
        }
    }

    private static void validateNumber(StructuralSchema s, JsonNode v, String path, List<FieldError> errors) {
        BigDecimal n = v.decimalValue();
        if (s.maximum() != null) {
            int c = n.compareTo(s.maximum());
            if (s.exclusiveMaximum() ? c >= 0 : c > 0) {
                errors.add(FieldError.invalid(path, v, path + " in body should be less than "
                        + (s.exclusiveMaximum() ? "" : "or equal to ") + bound(s.maximum())));
            }
        }
        if (s.minimum() != null) {
            int c = n.compareTo(s.minimum());
            if (s.exclusiveMinimum() ? c <= 0 : c < 0) {
                errors.add(FieldError.invalid(path, v, path + " in body should be greater than "
                        + (s.exclusiveMinimum() ? "" : "or equal to ") + bound(s.minimum())));
            }
        }
        if (s.multipleOf() != null && s.multipleOf().signum() != 0
                && n.remainder(s.multipleOf()).signum() != 0) {
            errors.add(FieldError.invalid(path, v, path + " in body should be a multiple of " + bound(s.multipleOf())));
        }
    }

    /** Bounds are float64 upstream, printed with %v. */
    private static String bound(BigDecimal d) {
        return GoValues.number(d.doubleValue());
    }

    private void validateArray(StructuralSchema s, JsonNode v, String path, List<FieldError> errors) {
        int size = v.size();
        if (s.maxItems() != null && size > s.maxItems()) {
            errors.add(FieldError.tooMany(path, size, s.maxItems()));
        }
        if (s.minItems() != null && size < s.minItems()) {
            errors.add(FieldError.invalid(path, IntNode.valueOf(size), path + " in body should have at least "
                    + s.minItems() + " items"));
        }
        if (s.items() != null) {
            for (int i = 0; i < size; i++) {
                validate(s.items(), v.get(i), path + "[" + i + "]", errors);
            }
        }
        ListTypes.duplicates(s, v, path, errors);
    }

    private void validateObject(StructuralSchema s, ObjectNode v, String path, List<FieldError> errors, boolean root) {
        boolean resource = root || s.embeddedResource();
        if (s.embeddedResource()) {
            for (String f : List.of("apiVersion", "kind")) {
                if (v.path(f).asText("").isEmpty()) {
                    errors.add(FieldError.required(child(path, f), "must not be empty"));
                }
            }
        }
        for (String r : s.required()) {
            if (!v.has(r) && !(resource && isTypeMeta(r))) {
                errors.add(FieldError.required(child(path, r), ""));
            }
        }
        int count = v.size();
        if (s.maxProperties() != null && count > s.maxProperties()) {
            errors.add(FieldError.tooMany(path, count, s.maxProperties()));
        }
        if (s.minProperties() != null && count < s.minProperties()) {
            errors.add(FieldError.invalid(path, IntNode.valueOf(count), path + " in body should have at least "
                    + s.minProperties() + " properties"));
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String key = e.getKey();
            if (resource && isTypeMeta(key) && !s.properties().containsKey(key)) {
                continue;
            }
            if (resource && key.equals("metadata")) {
                StructuralSchema meta = s.properties().get("metadata");
                if (meta != null && e.getValue().isObject()) {
                    validateMetadataNames(meta, e.getValue(), child(path, key), errors);
                }
                continue;
            }
            StructuralSchema c = s.child(key);
            if (c != null) {
                validate(c, e.getValue(), child(path, key), errors);
            }
        }
    }

    /** A schema may only constrain metadata.name and metadata.generateName; the rest is ObjectMeta's. */
    private void validateMetadataNames(StructuralSchema meta, JsonNode value, String path, List<FieldError> errors) {
        for (String f : List.of("name", "generateName")) {
            StructuralSchema c = meta.properties().get(f);
            if (c != null && value.has(f)) {
                validate(c, value.get(f), child(path, f), errors);
            }
        }
    }

    private static boolean isTypeMeta(String key) {
        return key.equals("apiVersion") || key.equals("kind") || key.equals("metadata");
    }

    private void validateCombinators(StructuralSchema s, JsonNode v, String path, List<FieldError> errors) {
        for (StructuralSchema a : s.allOf()) {
            validate(a, v, path, errors);
        }
        if (!s.anyOf().isEmpty() && s.anyOf().stream().noneMatch(a -> valid(a, v, path))) {
            errors.add(combinator(GoValues.quote(path) + " must validate at least one schema (anyOf)"));
        }
        if (!s.oneOf().isEmpty()) {
            long ok = s.oneOf().stream().filter(a -> valid(a, v, path)).count();
            if (ok != 1) {
                errors.add(combinator(GoValues.quote(path) + " must validate one and only one schema (oneOf). "
                        + (ok == 0 ? "Found none valid" : "Found " + ok + " valid alternatives")));
            }
        }
        if (s.not() != null && valid(s.not(), v, path)) {
            errors.add(combinator(GoValues.quote(path) + " must not validate the schema (not)"));
        }
    }

    private boolean valid(StructuralSchema s, JsonNode v, String path) {
        List<FieldError> errs = new ArrayList<>();
        validate(s, v, path, errs);
        return errs.isEmpty();
    }

    /** Combinator failures are not field errors upstream: they surface at the "<nil>" path with an empty value. */
    private static FieldError combinator(String detail) {
        return FieldError.invalid("<nil>", "", detail);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** x-kubernetes-list-type set and map: duplicates are errors, as upstream's listtype validation reports. */
    private static final class ListTypes {

        static void duplicates(StructuralSchema s, JsonNode v, String path, List<FieldError> errors) {
            if ("set".equals(s.listType())) {
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    if (!seen.add(v.get(i))) {
                        errors.add(FieldError.duplicate(path + "[" + i + "]", v.get(i)));
                    }
                }
            } else if ("map".equals(s.listType()) && !s.listMapKeys().isEmpty()) {
                Set<JsonNode> seen = new HashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    if (!item.isObject()) {
                        continue;
                    }
                    ObjectNode key = JsonNodeFactory.instance.objectNode();
                    s.listMapKeys().forEach(k -> {
                        if (item.has(k)) {
                            key.set(k, item.get(k));
                        }
                    });
                    if (!seen.add(key)) {
                        errors.add(FieldError.duplicate(path + "[" + i + "]", key));
                    }
                }
            }
        }
    }
}
