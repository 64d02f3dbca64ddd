package io.k3j.api.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints decoded JSON values the way Go's fmt prints the {@code interface{}} values upstream validation holds:
 * {@code %q} for strings, {@code %v} for numbers and booleans, {@code %#v} for maps and slices. Upstream error
 * texts embed these, so clients (and people) see the same bytes.
 */
final class GoValues {

    private GoValues() {
    }

    /** Go's %q for ordinary strings. */
    static String quote(String s) {
        return io.k3j.api.GoQuote.quote(s);
    }

    /** How field.Error prints a bad value: strings quoted, scalars plain, null as null, composites as %#v. */
    static String badValue(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        if (v.isTextual()) {
            return quote(v.asText());
        }
        if (v.isNumber() || v.isBoolean()) {
            return scalar(v);
        }
        return goSyntax(v);
    }

    /** %v of a JSON scalar: integers as digits, floats in Go's shortest form (1.5, 100, 1e+21). */
    static String scalar(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        if (v.isNumber()) {
            return number(v.doubleValue());
        }
        return v.asText();
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toBigInteger().toString();
        }
        String s = Double.toString(d); // shortest repr, Java style: 1.0E21, 1.0E-5, 0.001
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(s.substring(e + 1));
        if (exp >= -4 && exp < 21) {
            return new BigDecimal(s).toPlainString();
        }
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /** %#v of a decoded JSON value. */
    static String goSyntax(JsonNode v) {
        if (v.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            v.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            List<String> parts = new ArrayList<>();
            sorted.forEach((k, x) -> parts.add(quote(k) + ":" + goSyntax(x)));
            return "map[string]interface {}{" + String.join(", ", parts) + "}";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<JsonNode> it = v.elements(); it.hasNext();) {
                parts.add(goSyntax(it.next()));
            }
            return "[]interface {}{" + String.join(", ", parts) + "}";
        }
        if (v.isNull()) {
            return "interface {}(nil)";
        }
        if (v.isTextual()) {
            return quote(v.asText());
        }
        return scalar(v);
    }

    /** The JSON type name kube-openapi infers for a decoded value (integral floats stay "number"). */
    static String typeOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isArray()) {
            return "array";
        }
        return "object";
    }
}
