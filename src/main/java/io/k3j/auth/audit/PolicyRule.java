package io.k3j.auth.audit;

import java.util.List;
import java.util.Set;

/**
 * One rule of an audit.k8s.io/v1 Policy. Every non-empty list must match (users and userGroups by any member);
 * {@code resources}/{@code namespaces} only match resource requests, {@code nonResourceURLs} only other paths.
 *
 * @param omitManagedFields null = the policy's setting
 */
public record PolicyRule(AuditLevel level, List<String> users, List<String> userGroups, List<String> verbs,
                         List<GroupResources> resources, List<String> namespaces, List<String> nonResourceURLs,
                         Set<AuditStage> omitStages, Boolean omitManagedFields) {

    /** {@code group} "" is the core group; empty {@code resources} means every resource of the group. */
    public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
        public GroupResources {
            resources = List.copyOf(resources);
            resourceNames = List.copyOf(resourceNames);
        }
    }

    public PolicyRule {
        users = List.copyOf(users);
        userGroups = List.copyOf(userGroups);
        verbs = List.copyOf(verbs);
        resources = List.copyOf(resources);
        namespaces = List.copyOf(namespaces);
        nonResourceURLs = List.copyOf(nonResourceURLs);
        omitStages = Set.copyOf(omitStages);
        if (!nonResourceURLs.isEmpty() && (!resources.isEmpty() || !namespaces.isEmpty())) {
            throw new IllegalArgumentException("rules cannot apply to both regular resources and non-resource URLs");
        }
    }

    boolean matches(AuditRequest r) {
        if (!users.isEmpty() && (r.user() == null || !users.contains(r.user().name()))) {
            return false;
        }
        if (!userGroups.isEmpty() && (r.user() == null || r.user().groups().stream().noneMatch(userGroups::contains))) {
            return false;
        }
        if (!verbs.isEmpty() && !verbs.contains(r.verb())) {
            return false;
        }
        if (!namespaces.isEmpty() || !resources.isEmpty()) {
            return matchesResource(r);
        }
        if (!nonResourceURLs.isEmpty()) {
            return !r.resourceRequest() && nonResourceURLs.stream().anyMatch(spec -> pathMatches(r.path(), spec));
        }
        return true;
    }

    private boolean matchesResource(AuditRequest r) {
        if (!r.resourceRequest()) {
            return false;
        }
        if (!namespaces.isEmpty() && !namespaces.contains(r.namespace())) { // "" selects cluster-scoped requests
            return false;
        }
        if (resources.isEmpty()) {
            return true;
        }
        for (GroupResources gr : resources) {
            if (!gr.group().equals(r.apiGroup())) {
                continue;
            }
            if (gr.resources().isEmpty()) {
                return true;
            }
            if (!gr.resourceNames().isEmpty() && !gr.resourceNames().contains(r.name())) {
                continue;
            }
            for (String spec : gr.resources()) {
                if (resourceMatches(spec, r.resource(), r.subresource())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** "pods", "pods/log", "*" (anything), "*&#47;log" (that subresource of anything), "pods/*" (pods and its subresources). */
    static boolean resourceMatches(String spec, String resource, String subresource) {
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        if (spec.equals("*") || spec.equals(combined)) {
            return true;
        }
        if (spec.startsWith("*/") && !subresource.isEmpty() && spec.substring(2).equals(subresource)) {
            return true;
        }
        return spec.endsWith("/*") && spec.substring(0, spec.length() - 2).equals(resource);
    }

    /** "*" matches every path, "/apis/*" every path under /apis/, otherwise the exact path. */
    static boolean pathMatches(String path, String spec) {
        if (spec.equals("*") || spec.equals(path)) {
            return true;
        }
        return spec.endsWith("*") && path.startsWith(spec.substring(0, spec.length() - 1));
    }
}
