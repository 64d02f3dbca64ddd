package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code subresources.scale} of a CRD version: where a custom resource keeps its desired and observed
 * replicas and its label selector (simple JSON paths like {@code .spec.replicas}; the selector path may be empty).
 */
public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    static ScalePaths from(JsonNode scale) {
        if (scale == null || !scale.isObject()) {
            return null;
        }
        return new ScalePaths(scale.path("specReplicasPath").asText(""), scale.path("statusReplicasPath").asText(""),
                scale.path("labelSelectorPath").asText(""));
    }
}
