package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** {@code spec.names} or {@code status.acceptedNames} of a CRD. Empty strings for absent names. */
public record CrdNames(String plural, String singular, String kind, String listKind, List<String> shortNames,
                       List<String> categories) {

    public static final CrdNames NONE = new CrdNames("", "", "", "", List.of(), List.of());

    public CrdNames {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
    }

    public static CrdNames from(JsonNode names) {
        return new CrdNames(names.path("plural").asText(""), names.path("singular").asText(""),
                names.path("kind").asText(""), names.path("listKind").asText(""),
                strings(names.path("shortNames")), strings(names.path("categories")));
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        put(n, "plural", plural);
        put(n, "singular", singular);
        if (!shortNames.isEmpty()) {
            ArrayNode a = n.putArray("shortNames");
            shortNames.forEach(a::add);
        }
        put(n, "kind", kind);
        put(n, "listKind", listKind);
        if (!categories.isEmpty()) {
            ArrayNode a = n.putArray("categories");
            categories.forEach(a::add);
        }
        return n;
    }

    private static void put(ObjectNode n, String field, String value) {
        if (!value.isEmpty()) {
            n.put(field, value);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
