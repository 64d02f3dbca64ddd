package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/**
 * Namespaces, as upstream's namespace strategy creates them: Active, with the {@code kubernetes} finalizer the
 * namespace controller removes once the contents are gone. This is create-only (not defaulting) because the
 * finalizer may be removed over the namespace's life.
 */
final class NamespaceStrategy implements WriteStrategy {

    static final NamespaceStrategy INSTANCE = new NamespaceStrategy();

    private NamespaceStrategy() {
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("namespaces");
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        prepareForCreate(obj);
    }

    static void prepareForCreate(ObjectNode ns) {
        ns.putObject("status").put("phase", "Active");
        ObjectNode spec = ns.with("spec");
        JsonNode f = spec.get("finalizers");
        ArrayNode finalizers = f instanceof ArrayNode a ? a : spec.putArray("finalizers");
        for (JsonNode e : finalizers) {
            if (e.asText().equals("kubernetes")) {
                return;
            }
        }
        finalizers.add("kubernetes");
    }
}
