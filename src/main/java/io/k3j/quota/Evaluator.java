package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the quota system measures one resource (upstream's quota Evaluator): which quota names it charges, which
 * writes change usage, what one object uses, which scopes it falls in and what a pod must declare.
 * The admission plugin and the resourcequota controller use the same evaluators, so what admission charges is what
 * the controller recounts.
 */
public interface Evaluator {

    /** The API group ("" for core). */
    String group();

    /** The plural resource. */
    String resource();

    /** Whether a write of this kind can change usage (most resources: CREATE only). */
    boolean handles(Operation operation, String subresource, JsonNode object, JsonNode oldObject);

    /** The subset of {@code names} this evaluator charges. */
    List<String> matchingResources(Collection<String> names);

    /** What one object uses; never negative for a valid object. */
    ResourceList usage(JsonNode object, Instant now);

    /** Whether the object falls in the scope. Resources without scopes match none, so scoped quotas skip them. */
    default boolean matchesScope(ScopeRequirement scope, JsonNode object) {
        return false;
    }

    /**
     * What the object must declare when a quota enforces {@code required} (pods: explicit cpu and memory), as the
     * text after "failed quota: name: "; empty when it complies.
     */
    default Optional<String> constraints(Set<String> required, JsonNode object) {
        return Optional.empty();
    }

    /** Whether the quota applies: it enforces one of this evaluator's names and the object matches all its scopes. */
    default boolean matches(QuotaObject quota, JsonNode object) {
        if (matchingResources(quota.hard().names()).isEmpty()) {
            return false;
        }
        for (ScopeRequirement s : quota.scopes()) {
            if (!matchesScope(s, object)) {
                return false;
            }
        }
        return true;
    }

    /** The requirements among {@code scopes} the object matches. */
    default List<ScopeRequirement> matchingScopes(JsonNode object, List<ScopeRequirement> scopes) {
        List<ScopeRequirement> out = new ArrayList<>();
        for (ScopeRequirement s : scopes) {
            if (matchesScope(s, object)) {
                out.add(s);
            }
        }
        return out;
    }

    /** "count/pods", "count/deployments.apps": the object-count quota name of a resource. */
    static String countName(String group, String resource) {
        return group.isEmpty() ? "count/" + resource : "count/" + resource + "." + group;
    }
}
