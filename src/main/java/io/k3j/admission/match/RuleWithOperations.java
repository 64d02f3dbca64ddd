package io.k3j.admission.match;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * One admissionregistration.k8s.io/v1 RuleWithOperations (webhooks) or NamedRuleWithOperations (policies): which
 * operations on which group/version/resource[/subresource] in which scope. Matching follows upstream's rule matcher:
 * {@code *} matches any operation, group, version or resource; {@code pods} matches only the main resource,
 * {@code pods/*} every subresource of pods, {@code *}{@code /status} the status of every resource, {@code *}{@code /*}
 * everything. A Namespace object itself counts as cluster-scoped.
 *
 * @param resourceNames empty = any name (only policies carry names)
 */
public record RuleWithOperations(List<String> operations, List<String> apiGroups, List<String> apiVersions,
                                 List<String> resources, String scope, List<String> resourceNames) {

    public RuleWithOperations {
        operations = List.copyOf(operations);
        apiGroups = List.copyOf(apiGroups);
        apiVersions = List.copyOf(apiVersions);
        resources = List.copyOf(resources);
        scope = scope == null || scope.isEmpty() ? "*" : scope;
        resourceNames = List.copyOf(resourceNames);
    }

    public static RuleWithOperations fromJson(JsonNode rule) {
        return new RuleWithOperations(strings(rule.path("operations")), strings(rule.path("apiGroups")),
                strings(rule.path("apiVersions")), strings(rule.path("resources")), rule.path("scope").asText("*"),
                strings(rule.path("resourceNames")));
    }

    public static List<RuleWithOperations> listFromJson(JsonNode rules) {
        List<RuleWithOperations> out = new ArrayList<>();
        for (JsonNode r : rules) {
            out.add(fromJson(r));
        }
        return List.copyOf(out);
    }

    public boolean matches(AdmissionRequest r) {
        return anyOrEqual(operations, r.operation().name())
                && anyOrEqual(apiGroups, r.group())
                && anyOrEqual(apiVersions, r.version())
                && resourceMatches(r.resource(), r.subresource())
                && scopeMatches(r)
                && (resourceNames.isEmpty() || resourceNames.contains(r.name()));
    }

    private boolean resourceMatches(String resource, String subresource) {
        for (String entry : resources) {
            int slash = entry.indexOf('/');
            String res = slash < 0 ? entry : entry.substring(0, slash);
            String sub = slash < 0 ? "" : entry.substring(slash + 1);
            if ((res.equals("*") || res.equals(resource)) && (sub.equals("*") || sub.equals(subresource))) {
                return true;
            }
        }
        return false;
    }

    private boolean scopeMatches(AdmissionRequest r) {
        boolean namespaceObject = r.group().isEmpty() && r.resource().equals("namespaces");
        return switch (scope) {
            case "Namespaced" -> !namespaceObject && !r.namespace().isEmpty();
            case "Cluster" -> namespaceObject || r.namespace().isEmpty();
            default -> true;
        };
    }

    private static boolean anyOrEqual(List<String> allowed, String value) {
        for (String a : allowed) {
            if (a.equals("*") || a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
