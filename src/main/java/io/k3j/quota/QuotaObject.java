package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The parts of a ResourceQuota the quota system reads.
 *
 * @param specHard what the user asked for ({@code spec.hard})
 * @param hard     what is enforced ({@code status.hard}, copied from spec by the controller; empty until it ran)
 * @param used     what is charged ({@code status.used})
 * @param scopes   the scopes and scope selector expressions, all of which an object must match
 */
public record QuotaObject(String namespace, String name, ResourceList specHard, ResourceList hard, ResourceList used,
                          List<ScopeRequirement> scopes) {

    public QuotaObject {
        scopes = List.copyOf(scopes);
    }

    public static QuotaObject of(JsonNode quota) {
        JsonNode meta = quota.path("metadata");
        JsonNode status = quota.path("status");
        return new QuotaObject(meta.path("namespace").asText(""), meta.path("name").asText(""),
                ResourceList.fromJson(quota.path("spec").path("hard")), ResourceList.fromJson(status.path("hard")),
                ResourceList.fromJson(status.path("used")), ScopeRequirement.ofQuota(quota));
    }

    public QuotaObject withUsed(ResourceList newUsed) {
        return new QuotaObject(namespace, name, specHard, hard, newUsed, scopes);
    }
}
