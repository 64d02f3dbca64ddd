package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An entry of the ResourceQuota admission configuration's {@code limitedResources}: consuming a resource whose
 * name contains one of {@code matchContains} (or matching one of {@code matchScopes}) needs a covering quota.
 */
public record LimitedResource(String apiGroup, String resource, List<String> matchContains,
                              List<ScopeRequirement> matchScopes) {

    public LimitedResource {
        matchContains = List.copyOf(matchContains);
        matchScopes = List.copyOf(matchScopes);
    }

    /** The entries of an apiserver.config.k8s.io Configuration (ResourceQuotaConfiguration); none for null. */
    public static List<LimitedResource> fromConfiguration(JsonNode config) {
        List<LimitedResource> out = new ArrayList<>();
        if (config == null) {
            return out;
        }
        for (JsonNode lr : config.path("limitedResources")) {
            List<String> contains = new ArrayList<>();
            lr.path("matchContains").forEach(c -> contains.add(c.asText()));
            List<ScopeRequirement> scopes = new ArrayList<>();
            for (JsonNode s : lr.path("matchScopes")) {
                List<String> values = new ArrayList<>();
                s.path("values").forEach(v -> values.add(v.asText()));
                scopes.add(new ScopeRequirement(s.path("scopeName").asText(), s.path("operator").asText(), values));
            }
            out.add(new LimitedResource(lr.path("apiGroup").asText(""), lr.path("resource").asText(""), contains, scopes));
        }
        return out;
    }
}
