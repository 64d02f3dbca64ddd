package io.k3j.auth.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One rbac.authorization.k8s.io/v1 PolicyRule. Matching follows upstream's RuleAllows: "*" matches any verb,
 * group and resource; "*&#47;sub" matches subresource "sub" of any resource; resourceNames restrict to named
 * objects, so a request without a name (list, watch, create, deletecollection) never matches a rule that has
 * them; a nonResourceURL ending in "*" matches by prefix.
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
                         List<String> resourceNames, List<String> nonResourceURLs) {

    public static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    /** A rule with these verbs and nothing else yet; chain {@link #groups}, {@link #resources}, … to fill it. */
    public static PolicyRule verbs(String... verbs) {
        return new PolicyRule(sorted(List.of(), verbs), List.of(), List.of(), List.of(), List.of());
    }

    // The builders sort and de-duplicate, as upstream's rule builder does, so bootstrap rules read the same.
    public PolicyRule groups(String... groups) {
        return new PolicyRule(verbs, sorted(apiGroups, groups), resources, resourceNames, nonResourceURLs);
    }

    public PolicyRule resources(String... names) {
        return new PolicyRule(verbs, apiGroups, sorted(resources, names), resourceNames, nonResourceURLs);
    }

    public PolicyRule names(String... names) {
        return new PolicyRule(verbs, apiGroups, resources, sorted(resourceNames, names), nonResourceURLs);
    }

    public PolicyRule urls(String... urls) {
        return new PolicyRule(verbs, apiGroups, resources, resourceNames, sorted(nonResourceURLs, urls));
    }

    private static List<String> sorted(List<String> existing, String[] more) {
        TreeSet<String> set = new TreeSet<>(existing);
        set.addAll(List.of(more));
        return List.copyOf(set);
    }

    /**
     * Upstream's RuleAllows for a resource request.
     *
     * @param subresource empty when the request names none
     * @param name        empty for collection requests
     */
    public boolean allowsResource(String verb, String apiGroup, String resource, String subresource, String name) {
        return matchesAll(verbs, verb)
                && matchesAll(apiGroups, apiGroup)
                && matchesResource(resource, subresource)
                && (resourceNames.isEmpty() || (!name.isEmpty() && resourceNames.contains(name)));
    }

    /** Upstream's RuleAllows for a non-resource request (verb is the lower-cased HTTP method). */
    public boolean allowsPath(String verb, String path) {
        if (!matchesAll(verbs, verb)) {
            return false;
        }
        for (String url : nonResourceURLs) {
            if (url.equals(ALL) || url.equals(path) || (url.endsWith("*") && path.startsWith(trimStars(url)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAll(List<String> values, String value) {
        return values.contains(ALL) || values.contains(value);
    }

    private boolean matchesResource(String resource, String subresource) {
        for (String r : resources) {
            if (r.equals(ALL)) {
                return true;
            }
            if (subresource.isEmpty()) {
                if (r.equals(resource)) {
                    return true;
                }
            } else if (isResourceWithSub(r, resource, subresource) || isStarSub(r, subresource)) {
                return true;
            }
        }
        return false;
    }

    /** "pods/log" against resource "pods", subresource "log", without building the combined string. */
    private static boolean isResourceWithSub(String rule, String resource, String sub) {
        return rule.length() == resource.length() + 1 + sub.length()
                && rule.startsWith(resource) && rule.charAt(resource.length()) == '/' && rule.endsWith(sub);
    }

    private static boolean isStarSub(String rule, String sub) {
        return rule.length() == sub.length() + 2 && rule.startsWith("*/") && rule.endsWith(sub);
    }

    /** strings.TrimRight(url, "*"): every trailing star goes. */
    static String trimStars(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '*') {
            end--;
        }
        return url.substring(0, end);
    }

    /** Upstream's CompactString, as escalation messages print missing rules: {APIGroups:[""], Resources:["pods"], Verbs:["get"]}. */
    public String compactString() {
        List<String> parts = new ArrayList<>();
        if (!apiGroups.isEmpty()) {
            parts.add("APIGroups:" + GoFormat.quote(apiGroups));
        }
        if (!resources.isEmpty()) {
            parts.add("Resources:" + GoFormat.quote(resources));
        }
        if (!nonResourceURLs.isEmpty()) {
            parts.add("NonResourceURLs:" + GoFormat.quote(nonResourceURLs));
        }
        if (!resourceNames.isEmpty()) {
            parts.add("ResourceNames:" + GoFormat.quote(resourceNames));
        }
        if (!verbs.isEmpty()) {
            parts.add("Verbs:" + GoFormat.quote(verbs));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Reads one element of a {@code rules} array; absent fields are empty lists. */
    public static PolicyRule fromJson(JsonNode rule) {
        return new PolicyRule(strings(rule.path("verbs")), strings(rule.path("apiGroups")), strings(rule.path("resources")),
                strings(rule.path("resourceNames")), strings(rule.path("nonResourceURLs")));
    }

    /** Reads a {@code rules} array; a missing or null array is no rules. */
    public static List<PolicyRule> listFromJson(JsonNode rules) {
        List<PolicyRule> out = new ArrayList<>(rules.size());
        for (JsonNode r : rules) {
            out.add(fromJson(r));
        }
        return List.copyOf(out);
    }

    /** The API's JSON shape; empty lists are omitted as upstream's omitempty does. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        put(n, "verbs", verbs, true);
        put(n, "apiGroups", apiGroups, false);
        put(n, "resources", resources, false);
        put(n, "resourceNames", resourceNames, false);
        put(n, "nonResourceURLs", nonResourceURLs, false);
        return n;
    }

    public static ArrayNode listToJson(List<PolicyRule> rules) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        rules.forEach(r -> a.add(r.toJson()));
        return a;
    }

    static void put(ObjectNode n, String field, List<String> values, boolean always) {
        if (always || !values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(array.size());
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
