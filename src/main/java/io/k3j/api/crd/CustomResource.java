package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.schema.StructuralSchema;

/**
 * What a served CRD version adds to its {@link io.k3j.api.ResourceDescriptor}: the parsed schema (pruning,
 * defaulting, validation) and the raw one (OpenAPI), printer columns, subresources, the storage version objects
 * are kept in, and whether the CRD is being deleted (no new objects then).
 *
 * @param openApiSchema      the version's raw openAPIV3Schema, or null
 * @param printerColumns     the version's raw additionalPrinterColumns, or null
 * @param scale              the scale subresource's paths, or null without one
 * @param deprecationWarning the Warning header text for a deprecated version, or null
 */
public record CustomResource(String crdName, String storageVersion, StructuralSchema schema, JsonNode openApiSchema,
                             JsonNode printerColumns, boolean statusSubresource, ScalePaths scale, boolean terminating,
                             String deprecationWarning) {
}
