package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.ScalePaths;
import io.k3j.api.schema.Defaulter;
import io.k3j.api.schema.FieldError;
import io.k3j.api.schema.Pruner;
import io.k3j.api.schema.SchemaValidator;
import io.k3j.api.schema.StructuralSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Custom resource writes as apiextensions-apiserver handles them: unknown fields pruned (and reported under
 * fieldValidation Strict/Warn), schema defaults applied, the object validated against the version's schema
 * (422 with one cause per error) and the scale subresource's replica fields checked. Generation starts at 1
 * and bumps on any change outside metadata.
 */
final class CustomResourceStrategy implements WriteStrategy {

    private final SchemaValidator validator = new SchemaValidator();

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        admit(r, obj);
        ObjectMetaRules.meta(obj).put("generation", 1);
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        admit(r, obj);
        JsonNode oldGeneration = old.path("metadata").get("generation");
        if (oldGeneration != null) {
            long gen = oldGeneration.asLong(1);
            ObjectMetaRules.meta(obj).put("generation", changedOutsideMetadata(obj, old) ? gen + 1 : gen);
        }
    }

    @Override
    public boolean unconditionalUpdate() {
        return false;
    }

    private void admit(RestRequest r, ObjectNode obj) {
        ResourceDescriptor d = r.d();
        StructuralSchema schema = d.custom().schema();
        FieldValidation.unknownFields(r.ctx(), d, Pruner.prune(obj, schema));
        Defaulter.apply(obj, schema);
        List<FieldError> errors = new ArrayList<>(validator.validate(obj, schema));
        if (d.custom().scale() != null) {
            scale(obj, d.custom().scale(), errors);
        }
        if (!errors.isEmpty()) {
            throw ApiError.invalid(d.kind(), d.group(), obj.path("metadata").path("name").asText(""), errors);
        }
    }

    /** The replica counts the scale subresource reads must be non-negative 32-bit integers when present. */
    private static void scale(ObjectNode obj, ScalePaths paths, List<FieldError> errors) {
        for (String path : List.of(paths.specReplicasPath(), paths.statusReplicasPath())) {
            JsonNode v = ScaleSubresource.at(obj, path);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isIntegralNumber()) {
                errors.add(FieldError.invalid(path, LongNode.valueOf(0), path.substring(1) + " accessor error: "
                        + v.asText(v.toString()) + " is of the type " + goType(v) + ", expected int64"));
            } else if (v.asLong() < 0) {
                errors.add(FieldError.invalid(path, v, "should be a non-negative integer"));
            } else if (v.asLong() > Integer.MAX_VALUE) {
                errors.add(FieldError.invalid(path, v, "should be less than or equal to " + Integer.MAX_VALUE));
            }
        }
        if (!paths.labelSelectorPath().isEmpty()) {
            JsonNode v = ScaleSubresource.at(obj, paths.labelSelectorPath());
            if (v != null && !v.isNull() && !v.isTextual()) {
                errors.add(FieldError.invalid(paths.labelSelectorPath(), TextNode.valueOf(""),
                        paths.labelSelectorPath().substring(1) + " accessor error: " + v.asText(v.toString())
                                + " is of the type " + goType(v)
                                + ", expected string"));
            }
        }
    }

    private static String goType(JsonNode v) {
        return v.isTextual() ? "string" : v.isNumber() ? "float64" : v.isBoolean() ? "bool"
                : v.isArray() ? "[]interface {}" : "map[string]interface {}";
    }

    private static boolean changedOutsideMetadata(ObjectNode a, ObjectNode b) {
        return !strip(a).equals(strip(b));
    }

    private static ObjectNode strip(ObjectNode obj) {
        ObjectNode copy = obj.objectNode();
        copy.setAll(obj);
        copy.remove(List.of("metadata", "apiVersion", "kind"));
        return copy;
    }
}
