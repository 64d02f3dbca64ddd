package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pods: {@code pods}, {@code count/pods}, cpu/memory/ephemeral-storage requests and limits, hugepages and extended
 * resources ({@code requests.<name>}); the scopes Terminating, NotTerminating, BestEffort, NotBestEffort,
 * PriorityClass and CrossNamespacePodAffinity. A pod in a terminal phase, or past its deletion grace period, uses
 * only {@code count/pods}. Charged on create and on the {@code resize} subresource.
 */
public final class PodEvaluator implements Evaluator {

    static final String COUNT = Evaluator.countName("", "pods");
    private static final String REQUESTS = "requests.";
    private static final String HUGEPAGES = "hugepages-";
    private static final List<String> RESOURCES = List.of(COUNT, "cpu", "memory", "ephemeral-storage",
            "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory",
            "limits.ephemeral-storage", "pods");
    /**
     * Upstream's backward-compatible rule: when a quota enforces cpu or memory, every container must state them.
     * (Upstream calls the rule a mistake and keeps it; no other resource is added to it.)
     */
    private static final Set<String> MUST_SPECIFY = Set.of("cpu", "memory", "requests.cpu", "requests.memory",
            "limits.cpu", "limits.memory");

    @Override
    public String group() {
        return "";
    }

    @Override
    public String resource() {
        return "pods";
    }

    @Override
    public boolean handles(Operation operation, String subresource, JsonNode object, JsonNode oldObject) {
        if (subresource.equals("resize")) {
            return operation == Operation.UPDATE;
        }
        return subresource.isEmpty() && operation == Operation.CREATE;
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (RESOURCES.contains(n) || n.startsWith(HUGEPAGES) || n.startsWith(REQUESTS + HUGEPAGES)
                    || (n.startsWith(REQUESTS) && !native_(n))) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public boolean matchesScope(ScopeRequirement scope, JsonNode pod) {
        return switch (scope.scopeName()) {
            case ScopeRequirement.TERMINATING -> terminating(pod);
            case ScopeRequirement.NOT_TERMINATING -> !terminating(pod);
            case ScopeRequirement.BEST_EFFORT -> PodResources.bestEffort(pod);
            case ScopeRequirement.NOT_BEST_EFFORT -> !PodResources.bestEffort(pod);
            case ScopeRequirement.PRIORITY_CLASS -> {
                String pc = pod.path("spec").path("priorityClassName").asText("");
                yield scope.selects(pc.isEmpty() ? null : pc);
            }
            case ScopeRequirement.CROSS_NAMESPACE_POD_AFFINITY -> crossNamespaceAffinity(pod);
            default -> false;
        };
    }

    @Override
    public Optional<String> constraints(Set<String> required, JsonNode pod) {
        Set<String> enforced = new TreeSet<>(required);
        enforced.retainAll(MUST_SPECIFY);
        if (enforced.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        JsonNode spec = pod.path("spec");
        for (String list : new String[]{"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                Set<String> stated = compute(PodResources.containerRequests(c), PodResources.containerLimits(c)).names();
                for (String r : enforced) {
                    if (!stated.contains(r)) {
                        missing.computeIfAbsent(r, k -> new TreeSet<>()).add(c.path("name").asText());
                    }
                }
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner j = new StringJoiner("; ", "must specify ", "");
        missing.forEach((r, containers) -> j.add(r + " for: " + String.join(",", containers)));
        return Optional.of(j.toString());
    }

    @Override
    public ResourceList usage(JsonNode pod, Instant now) {
        ResourceList count = ResourceList.EMPTY.with(COUNT, Quantity.ONE);
        if (!charged(pod, now)) {
            return count;
        }
        return count.add(compute(PodResources.requests(pod), PodResources.limits(pod)));
    }

    /**
     * Whether the pod still uses compute quota: not Succeeded or Failed, and not stuck terminating past its grace
     * period (a lost node must not keep a namespace from scaling up elsewhere).
     */
    public static boolean charged(JsonNode pod, Instant now) {
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        JsonNode meta = pod.path("metadata");
        if (meta.hasNonNull("deletionTimestamp") && meta.hasNonNull("deletionGracePeriodSeconds")) {
            try {
                Instant deleted = Instant.parse(meta.path("deletionTimestamp").asText());
                return !now.isAfter(deleted.plusSeconds(meta.path("deletionGracePeriodSeconds").asLong()));
            } catch (java.time.format.DateTimeParseException e) {
                return true;
            }
        }
        return true;
    }

    /** Upstream's podComputeUsageHelper: the quota names a set of requests and limits charges. */
    static ResourceList compute(ResourceList requests, ResourceList limits) {
        Map<String, Quantity> r = new TreeMap<>();
        r.put("pods", Quantity.ONE);
        for (String res : List.of("cpu", "memory", "ephemeral-storage")) {
            Quantity req = requests.get(res);
            if (req != null) {
                r.put(res, req);
                r.put(REQUESTS + res, req);
            }
            Quantity lim = limits.get(res);
            if (lim != null) {
                r.put("limits." + res, lim);
            }
        }
        requests.items().forEach((name, q) -> {
            if (name.startsWith(HUGEPAGES)) {
                r.put(name, q);
                r.put(REQUESTS + name, q);
            } else if (extended(name)) {
                r.put(REQUESTS + name, q);
            }
        });
        return ResourceList.of(r);
    }

    /** Native resources have no domain or the kubernetes.io domain. */
    private static boolean native_(String name) {
        return !name.contains("/") || name.contains("kubernetes.io/");
    }

    private static boolean extended(String name) {
        return !native_(name) && !name.startsWith(REQUESTS);
    }

    private static boolean terminating(JsonNode pod) {
        JsonNode ads = pod.path("spec").path("activeDeadlineSeconds");
        return ads.isNumber() && ads.asLong() >= 0;
    }

    private static boolean crossNamespaceAffinity(JsonNode pod) {
        JsonNode affinity = pod.path("spec").path("affinity");
        for (String kind : new String[]{"podAffinity", "podAntiAffinity"}) {
            JsonNode a = affinity.path(kind);
            for (JsonNode t : a.path("requiredDuringSchedulingIgnoredDuringExecution")) {
                if (crossNamespaceTerm(t)) {
                    return true;
                }
            }
            for (JsonNode t : a.path("preferredDuringSchedulingIgnoredDuringExecution")) {
                if (crossNamespaceTerm(t.path("podAffinityTerm"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean crossNamespaceTerm(JsonNode term) {
        return term.path("namespaces").size() > 0 || (term.has("namespaceSelector") && !term.get("namespaceSelector").isNull());
    }
}
