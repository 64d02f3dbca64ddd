package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Secrets: {@code stringData} is a write-only convenience, as upstream's conversion treats it: each entry is
 * base64-encoded into {@code data} (overwriting a key of the same name) and the field itself is never stored.
 */
final class SecretStrategy implements WriteStrategy {

    static final SecretStrategy INSTANCE = new SecretStrategy();

    private SecretStrategy() {
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("secrets");
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        foldStringData(obj);
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        foldStringData(obj);
    }

    static void foldStringData(ObjectNode secret) {
        JsonNode strings = secret.remove("stringData");
        if (strings == null || !strings.isObject() || strings.isEmpty()) {
            return;
        }
        ObjectNode data = secret.with("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = strings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText("").getBytes(StandardCharsets.UTF_8)));
        }
    }
}
