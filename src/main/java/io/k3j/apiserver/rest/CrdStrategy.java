package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdDefaults;
import io.k3j.api.crd.CrdStatus;
import io.k3j.api.crd.CrdValidation;
import io.k3j.api.schema.FieldError;

import java.time.Instant;
import java.util.List;

/**
 * CustomResourceDefinition writes: v1 defaults and validation (422 with upstream's causes) on create and
 * spec updates; on the first DELETE the {@code customresourcecleanup.apiextensions.k8s.io} finalizer and
 * a Terminating condition, so the CRD stays until its custom resources are gone (the CRD controller finishes
 * the job).
 */
final class CrdStrategy implements WriteStrategy {

    private static final String KIND = "CustomResourceDefinition";
    private static final String GROUP = "apiextensions.k8s.io";

    private final CrdValidation validation = new CrdValidation();

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        CrdDefaults.apply(obj);
        check(obj, validation.validateCreate(obj));
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        if (r.info().subresource().equals("status")) {
            return;
        }
        CrdDefaults.apply(obj);
        check(obj, validation.validateUpdate(obj, old));
    }

    @Override
    public void beforeDelete(RestRequest r, ObjectNode obj, List<String> finalizers) {
        JsonNode meta = obj.path("metadata");
        if (meta.has("deletionTimestamp")) {
            return;
        }
        if (!finalizers.contains(Crd.CLEANUP_FINALIZER)) {
            finalizers.add(Crd.CLEANUP_FINALIZER);
        }
        ObjectNode status = obj.has("status") && obj.get("status").isObject() ? (ObjectNode) obj.get("status")
                : obj.putObject("status");
        CrdStatus.setCondition(status, "Terminating", "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", Instant.now());
    }

    @Override
    public boolean unconditionalUpdate() {
        return false;
    }

    private static void check(ObjectNode obj, List<FieldError> errors) {
        errors = new java.util.ArrayList<>(errors);
        JsonNode versions = obj.path("spec").path("versions");
        for (int v = 0; v < versions.size(); v++) {
            JsonNode columns = versions.get(v).path("additionalPrinterColumns");
            for (int c = 0; c < columns.size(); c++) {
                String path = columns.get(c).path("jsonPath").asText("");
                try {
                    if (!path.isEmpty()) {
                        io.k3j.apiserver.table.CrdPrinter.fromColumns(
                                Json.MAPPER.createArrayNode().add(columns.get(c)));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(FieldError.invalid("spec.versions[" + v + "].additionalPrinterColumns[" + c + "].jsonPath",
                            path, "must be a simple json path starting with ."));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiError.invalid(KIND, GROUP, obj.path("metadata").path("name").asText(""), errors);
        }
    }
}
