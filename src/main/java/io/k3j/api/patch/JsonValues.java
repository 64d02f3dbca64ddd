package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Comparator;

/**
 * Value equality for JSON trees that ignores how a number happens to be held (Jackson's IntNode(80) does
 * not equal LongNode(80), while Go's decoded JSON compares them equal). Objects built in code and objects
 * parsed from the wire must compare alike, or ownership and merge keys would silently diverge.
 */
final class JsonValues {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    /** One representation per numeric value, so path elements can be map keys. */
    static JsonNode canonical(JsonNode n) {
        if (n != null && n.isNumber()) {
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return LongNode.valueOf(n.longValue());
            }
            if (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < 9.0e15) {
                return LongNode.valueOf((long) n.doubleValue());
            }
            return DoubleNode.valueOf(n.doubleValue());
        }
        return n;
    }
}
