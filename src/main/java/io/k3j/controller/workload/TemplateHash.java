package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pod-template-hash (and controller-revision-hash) of a pod template: FNV-32a over the template, then the
 * collision count as 8 little-endian bytes when set, printed in decimal and each digit mapped through upstream's
 * SafeEncodeString alphabet, as ComputeHash does. upstream hashes Go's printed form of the struct; k3j hashes a
 * canonical JSON form (sorted keys, empty values dropped), so equal templates always hash alike, but the value differs
 * from a Go cluster's for the same template.
 */
final class TemplateHash {

    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {
    }

    static String of(JsonNode template, Integer collisionCount) {
        int h = 0x811c9dc5;
        for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            byte[] le = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24), 0, 0, 0, 0};
            for (byte b : le) {
                h ^= b & 0xff;
                h *= 0x01000193;
            }
        }
        return safeEncode(Long.toString(Integer.toUnsignedLong(h)));
    }

    static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            sb.append(ALPHANUMS.charAt(ch % ALPHANUMS.length()));
        }
        return sb.toString();
    }

    /** Sorted keys, no nulls or empty containers, numbers in plain form. */
    static String canonical(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        write(n, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            Collections.sort(keys);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                JsonNode v = o.get(k);
                if (empty(v)) {
                    continue;
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(k)).append(':');
                write(v, sb);
            }
            sb.append('}');
        } else if (n instanceof ArrayNode a) {
            sb.append('[');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(a.get(i), sb);
            }
            sb.append(']');
        } else if (n.isNumber()) {
            sb.append(n.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            sb.append(n);
        }
    }

    private static boolean empty(JsonNode v) {
        return v == null || v.isNull() || (v.isContainerNode() && v.isEmpty());
    }
}
