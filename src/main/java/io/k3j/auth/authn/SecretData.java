package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reading a Secret's values: {@code data} is base64; {@code stringData} (if a writer left it) is plain text. */
final class SecretData {

    private SecretData() {
    }

    /** The value as bytes, or null when the key is absent or not valid base64. */
    static byte[] bytes(ObjectNode secret, String key) {
        JsonNode d = secret.path("data").get(key);
        if (d != null && d.isTextual()) {
            try {
                return Base64.getDecoder().decode(d.asText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        JsonNode s = secret.path("stringData").get(key);
        return s != null && s.isTextual() ? s.asText().getBytes(StandardCharsets.UTF_8) : null;
    }

    static String string(ObjectNode secret, String key) {
        byte[] b = bytes(secret, key);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    static boolean deleting(ObjectNode obj) {
        JsonNode ts = obj.path("metadata").get("deletionTimestamp");
        return ts != null && !ts.isNull();
    }

    static String uid(ObjectNode obj) {
        return obj.path("metadata").path("uid").asText("");
    }
}
