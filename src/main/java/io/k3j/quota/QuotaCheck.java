package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admission decision for one write against the quotas of its namespace, as upstream's CheckRequest: find the
 * quotas that apply, refuse what they forbid (undeclared cpu/memory, usage not yet counted, over the limit, limited
 * resources without a covering quota), and return the quotas with the request's usage added to {@code used}.
 * Pure: the caller persists the new usage.
 */
public final class QuotaCheck {

    /** The write: operation, subresource, the new object and (on UPDATE) the stored one. */
    public record Request(Operation operation, String group, String resource, String subresource, JsonNode object,
                          JsonNode oldObject) {
    }

    private QuotaCheck() {
    }

    /**
     * @return {@code quotas}, with {@code used} raised where the request charges them (the same list when nothing changes)
     * @throws QuotaDenied when the request may not proceed
     */
    public static List<QuotaObject> check(List<QuotaObject> quotas, Request r, Evaluator e, List<LimitedResource> limited,
                                          Instant now) {
        if (!e.handles(r.operation(), r.subresource(), r.object(), r.oldObject())) {
            return quotas;
        }
        JsonNode obj = r.object();
        List<ScopeRequirement> limitedScopes = new ArrayList<>();
        for (LimitedResource lr : limited) {
            limitedScopes.addAll(e.matchingScopes(obj, lr.matchScopes()));
        }
        Set<String> limitedNames = limitedNames(r, e, limited, obj, now);

        List<Integer> interesting = new ArrayList<>();
        Set<String> restricted = new TreeSet<>();
        Set<String> restrictedScopes = new TreeSet<>();
        for (int i = 0; i < quotas.size(); i++) {
            QuotaObject q = quotas.get(i);
            e.matchingScopes(obj, q.scopes()).forEach(s -> restrictedScopes.add(s.scopeName()));
            if (!e.matches(q, obj)) {
                continue;
            }
            List<String> names = e.matchingResources(q.hard().names());
            e.constraints(new TreeSet<>(names), obj).ifPresent(why -> {
                throw new QuotaDenied("failed quota: " + q.name() + ": " + why, true);
            });
            if (!q.used().names().containsAll(names)) {
                throw new QuotaDenied("status unknown for quota: " + q.name() + ", resources: "
                        + String.join(",", new TreeSet<>(names)), true);
            }
            interesting.add(i);
            restricted.addAll(names);
        }

        ResourceList input = e.usage(obj, now);
        List<String> negative = input.negatives();
        if (!negative.isEmpty()) {
            throw new QuotaDenied("quota usage is negative for resource(s): " + String.join(",", new TreeSet<>(negative)), true);
        }
        Map<Integer, ResourceList> delta = new HashMap<>();
        interesting.forEach(i -> delta.put(i, input));
        ResourceList deltaWithoutQuota = r.operation() == Operation.CREATE && interesting.isEmpty() ? input : ResourceList.EMPTY;
        if (r.operation() == Operation.UPDATE) {
            if (r.oldObject() == null) {
                throw new QuotaDenied("unable to get previous usage since prior version of object was not found", true);
            }
            ResourceList d = input.subtractNonNegative(e.usage(r.oldObject(), now));
            if (interesting.isEmpty()) {
                deltaWithoutQuota = d;
            }
            for (int i : interesting) {
                if (e.matches(quotas.get(i), r.oldObject())) {
                    delta.put(i, d);
                }
            }
        }
        delta.replaceAll((i, d) -> d.removeZeros());
        delta.values().removeIf(ResourceList::isEmpty);
        if (interesting.isEmpty() ? deltaWithoutQuota.removeZeros().isEmpty() : delta.isEmpty()) {
            return quotas;
        }

        Set<String> uncovered = new TreeSet<>(limitedNames);
        uncovered.removeAll(restricted);
        if (!uncovered.isEmpty()) {
            throw new QuotaDenied("insufficient quota to consume: " + String.join(",", uncovered), true);
        }
        List<ScopeRequirement> uncoveredScopes = limitedScopes.stream()
                .filter(s -> !restrictedScopes.contains(s.scopeName())).toList();
        if (!uncoveredScopes.isEmpty()) {
            throw new QuotaDenied("insufficient quota to match these scopes: " + uncoveredScopes, false);
        }
        if (interesting.isEmpty()) {
            return quotas;
        }

        List<QuotaObject> out = new ArrayList<>(quotas);
        for (int i : interesting) {
            ResourceList d = delta.get(i);
            if (d == null) {
                continue;
            }
            QuotaObject q = quotas.get(i);
            ResourceList requested = d.mask(q.hard().names());
            ResourceList newUsed = q.used().add(requested);
            if (!r.subresource().equals("status")) {
                List<String> exceeded = newUsed.mask(requested.names()).exceeding(q.hard());
                if (!exceeded.isEmpty()) {
                    throw new QuotaDenied("exceeded quota: " + q.name() + ", requested: " + requested.mask(exceeded).pretty()
                            + ", used: " + q.used().mask(exceeded).pretty() + ", limited: " + q.hard().mask(exceeded).pretty(), true);
                }
            }
            out.set(i, q.withUsed(newUsed));
        }
        return out;
    }

    /** The consumed resource names the configuration says must be covered by some quota. */
    private static Set<String> limitedNames(Request r, Evaluator e, List<LimitedResource> limited, JsonNode obj, Instant now) {
        Set<String> out = new TreeSet<>();
        List<LimitedResource> mine = limited.stream()
                .filter(lr -> lr.apiGroup().equals(r.group()) && lr.resource().equals(r.resource())).toList();
        if (mine.isEmpty()) {
            return out;
        }
        ResourceList usage = e.usage(obj, now);
        for (LimitedResource lr : mine) {
            usage.items().forEach((name, q) -> {
                if (q.signum() > 0 && lr.matchContains().stream().anyMatch(name::contains)) {
                    out.add(name);
                }
            });
        }
        return out;
    }
}
