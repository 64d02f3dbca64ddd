package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One validation error, as apimachinery's {@code field.Error}: a field path ({@code spec.replicas},
 * {@code spec.items[0].name}), an error type, the offending value and a detail. {@link #body()} is the text
 * after the path, {@link #toString()} the whole {@code path: body} line upstream prints.
 *
 * @param badValue the value to print, or null when the type never prints one (Required, Forbidden, TooLong)
 */
public record FieldError(String field, Type type, JsonNode badValue, String detail) {

    /** Error types with their printed name and the StatusCause reason clients see. */
    public enum Type {
        REQUIRED("Required value", "FieldValueRequired"),
        INVALID("Invalid value", "FieldValueInvalid"),
        TYPE_INVALID("Invalid value", "FieldValueTypeInvalid"),
        NOT_SUPPORTED("Unsupported value", "FieldValueNotSupported"),
        FORBIDDEN("Forbidden", "FieldValueForbidden"),
        TOO_LONG("Too long", "FieldValueTooLong"),
        TOO_MANY("Too many", "FieldValueTooMany"),
        DUPLICATE("Duplicate value", "FieldValueDuplicate");

        private final String text;
        private final String reason;

        Type(String text, String reason) {
            this.text = text;
            this.reason = reason;
        }

        public String text() {
            return text;
        }

        public String reason() {
            return reason;
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(field, Type.REQUIRED, null, detail);
    }

    public static FieldError invalid(String field, JsonNode value, String detail) {
        return new FieldError(field, Type.INVALID, value, detail);
    }

    public static FieldError invalid(String field, String value, String detail) {
        return invalid(field, TextNode.valueOf(value), detail);
    }

    public static FieldError typeInvalid(String field, JsonNode value, String detail) {
        return new FieldError(field, Type.TYPE_INVALID, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(field, Type.FORBIDDEN, null, detail);
    }

    public static FieldError duplicate(String field, JsonNode value) {
        return new FieldError(field, Type.DUPLICATE, value, "");
    }

    /** {@code Unsupported value: "x": supported values: "a", "b"}. */
    public static FieldError notSupported(String field, JsonNode value, List<String> supported) {
        String detail = supported.isEmpty() ? ""
                : "supported values: " + supported.stream().map(GoValues::quote).collect(Collectors.joining(", "));
        return new FieldError(field, Type.NOT_SUPPORTED, value, detail);
    }

    /** {@code Too long: may not be more than 10 bytes}. */
    public static FieldError tooLong(String field, long max) {
        String detail = max >= 0 ? "may not be more than " + max + (max == 1 ? " byte" : " bytes") : "value is too long";
        return new FieldError(field, Type.TOO_LONG, null, detail);
    }

    /** {@code Too many: 5: must have at most 3 items}. */
    public static FieldError tooMany(String field, long actual, long max) {
        String detail = max >= 0 ? "must have at most " + max + (max == 1 ? " item" : " items") : "has too many items";
        return new FieldError(field, Type.TOO_MANY, actual >= 0 ? com.fasterxml.jackson.databind.node.LongNode.valueOf(actual) : null,
                detail);
    }

    /** The message after {@code field: }, e.g. {@code Invalid value: "x": must be ...}. */
    public String body() {
        String s = type.text();
        if (badValue != null && type != Type.REQUIRED && type != Type.FORBIDDEN && type != Type.TOO_LONG) {
            s += ": " + GoValues.badValue(badValue);
        }
        if (detail != null && !detail.isEmpty()) {
            s += ": " + detail;
        }
        return s;
    }

    @Override
    public String toString() {
        return field.isEmpty() ? body() : field + ": " + body();
    }

    /** utilerrors' aggregate of several errors: one alone, several as {@code [a, b]}. */
    public static String aggregate(List<FieldError> errors) {
        List<String> lines = errors.stream().map(FieldError::toString).distinct().toList();
        return lines.size() == 1 ? lines.get(0) : "[" + String.join(", ", lines) + "]";
    }
}
