package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a quota's namespace really uses, counted from the objects (upstream's CalculateUsage): for every evaluator that
 * charges one of the quota's hard names, each name starts at zero and every object that matches the quota's scopes
 * adds its usage. The result holds exactly the names the evaluators can measure.
 */
public final class UsageCalculator {

    private UsageCalculator() {
    }

    /**
     * @param hard    the names to measure (a quota's spec.hard)
     * @param scopes  the quota's scopes and scope selector expressions
     * @param objects (group, resource) → the namespace's objects of that resource
     */
    public static ResourceList calculate(ResourceList hard, List<ScopeRequirement> scopes,
                                         BiFunction<String, String, Collection<? extends JsonNode>> objects, Instant now) {
        Set<String> names = hard.names();
        Set<String> measured = new LinkedHashSet<>();
        ResourceList used = ResourceList.EMPTY;
        for (Evaluator e : Evaluators.forNames(names)) {
            List<String> mine = e.matchingResources(names);
            measured.addAll(mine);
            ResourceList sum = ResourceList.EMPTY;
            for (String n : mine) {
                sum = sum.with(n, Quantity.ZERO);
            }
            for (JsonNode obj : objects.apply(e.group(), e.resource())) {
                if (inScopes(e, scopes, obj)) {
                    sum = sum.add(e.usage(obj, now));
                }
            }
            used = used.add(sum);
        }
        return used.mask(measured);
    }

    /** The (group, resource) pairs a quota with these hard names needs objects of. */
    public static List<String[]> resourcesFor(ResourceList hard) {
        List<String[]> out = new ArrayList<>();
        for (Evaluator e : Evaluators.forNames(hard.names())) {
            out.add(new String[]{e.group(), e.resource()});
        }
        return out;
    }

    private static boolean inScopes(Evaluator e, List<ScopeRequirement> scopes, JsonNode obj) {
        for (ScopeRequirement s : scopes) {
            if (!e.matchesScope(s, obj)) {
                return false;
            }
        }
        return true;
    }
}
