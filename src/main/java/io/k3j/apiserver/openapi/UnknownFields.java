package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds fields of a request body that its schema does not declare — the check behind
 * {@code fieldValidation=Strict} (kubectl's default). Paths are reported as upstream's strict decoder prints
 * them, e.g. {@code spec.containers[0].imagee}. Types are not checked here, only field names.
 */
public final class UnknownFields {

    private static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, ? extends JsonNode> schemas;

    /** @param schemas component schemas by name, e.g. {@link OpenApiV3#allSchemas()} */
    public UnknownFields(Map<String, ? extends JsonNode> schemas) {
        this.schemas = schemas;
    }

    public List<String> find(String schemaName, JsonNode body) {
        List<String> unknown = new ArrayList<>();
        walk(schemas.get(schemaName), body, "", unknown);
        return unknown;
    }

    private void walk(JsonNode schema, JsonNode value, String path, List<String> unknown) {
        schema = resolve(schema);
        if (schema == null || value == null || value.isNull()
                || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                walk(schema.get("items"), value.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        if (properties == null && additional == null) {
            return; // RawExtension, FieldsV1, JSON: free-form by design
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode declared = properties == null ? null : properties.get(field.getKey());
            if (declared != null) {
                walk(declared, field.getValue(), child, unknown);
            } else if (additional != null && additional.isObject()) {
                walk(additional, field.getValue(), child, unknown);
            } else if (additional == null || !additional.asBoolean(false)) {
                unknown.add(child);
            }
        }
    }

    /** Follows $ref and a single-element allOf (how a $ref with siblings is written). */
    private JsonNode resolve(JsonNode schema) {
        for (int guard = 0; schema != null && guard < 8; guard++) {
            if (schema.has("$ref") && schema.get("$ref").isTextual()) {
                schema = schemas.get(schema.get("$ref").asText().substring(REF_PREFIX.length()));
            } else if (schema.has("allOf") && schema.get("allOf").size() == 1 && !schema.has("properties")) {
                schema = schema.get("allOf").get(0);
            } else {
                return schema;
            }
        }
        return schema;
    }
}
