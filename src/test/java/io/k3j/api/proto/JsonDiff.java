package io.k3j.api.proto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Paths where two JSON trees differ, so a failing comparison of large objects names the field. */
final class JsonDiff {

    private JsonDiff() {
    }

    static List<String> paths(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        walk("", expected, actual, out);
        return out;
    }

    private static void walk(String path, JsonNode e, JsonNode a, List<String> out) {
        if (e == null || a == null) {
            out.add(path + (e == null ? " unexpected " + a : " missing, expected " + e));
        } else if (e.isObject() && a.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            e.fieldNames().forEachRemaining(names::add);
            a.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                walk(path + "/" + n, e.get(n), a.get(n), out);
            }
        } else if (e.isArray() && a.isArray() && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                walk(path + "/" + i, e.get(i), a.get(i), out);
            }
        } else if (!e.equals(a)) {
            out.add(path + " expected " + e + " but was " + a);
        }
    }
}
