package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code spec.versions}.
 *
 * @param schema         the raw {@code schema.openAPIV3Schema}, or null
 * @param printerColumns the raw {@code additionalPrinterColumns} array, or null
 * @param scale          {@code subresources.scale}, or null
 */
public record CrdVersion(String name, boolean served, boolean storage, boolean deprecated, String deprecationWarning,
                         JsonNode schema, boolean statusSubresource, ScalePaths scale, JsonNode printerColumns) {

    static CrdVersion from(JsonNode v) {
        JsonNode subs = v.path("subresources");
        JsonNode warning = v.get("deprecationWarning");
        return new CrdVersion(v.path("name").asText(""), v.path("served").asBoolean(false),
                v.path("storage").asBoolean(false), v.path("deprecated").asBoolean(false),
                warning != null && warning.isTextual() ? warning.asText() : null,
                v.path("schema").get("openAPIV3Schema"), subs.has("status"), ScalePaths.from(subs.get("scale")),
                v.get("additionalPrinterColumns"));
    }
}
