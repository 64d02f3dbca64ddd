package io.k3j.auth.rbac;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's policy comparator: whether one set of rules grants at least everything another does. Rules are
 * broken down to single (group, resource, verb[, name]) and (url, verb) tuples, and each tuple must be covered by
 * one owner rule. Used by the escalation check and by bootstrap reconciliation.
 */
final class RuleCoverage {

    private RuleCoverage() {
    }

    /** The servant tuples no owner rule covers; empty when the owner rules cover them all. */
    public static List<PolicyRule> uncovered(List<PolicyRule> ownerRules, List<PolicyRule> servantRules) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule servant : servantRules) {
            for (PolicyRule sub : breakdown(servant)) {
                if (ownerRules.stream().noneMatch(owner -> covers(owner, sub))) {
                    missing.add(sub);
                }
            }
        }
        return missing;
    }

    public static boolean covers(List<PolicyRule> ownerRules, List<PolicyRule> servantRules) {
        return uncovered(ownerRules, servantRules).isEmpty();
    }

    /** Upstream's BreakdownRule: one rule per group × resource × verb (× name), and per url × verb. */
    public static List<PolicyRule> breakdown(PolicyRule rule) {
        List<PolicyRule> out = new ArrayList<>();
        for (String group : rule.apiGroups()) {
            for (String resource : rule.resources()) {
                for (String verb : rule.verbs()) {
                    if (rule.resourceNames().isEmpty()) {
                        out.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(), List.of()));
                    } else {
                        for (String name : rule.resourceNames()) {
                            out.add(new PolicyRule(List.of(verb), List.of(group), List.of(resource), List.of(name),
                                    List.of()));
                        }
                    }
                }
            }
        }
        for (String url : rule.nonResourceURLs()) {
            for (String verb : rule.verbs()) {
                out.add(new PolicyRule(List.of(verb), List.of(), List.of(), List.of(), List.of(url)));
            }
        }
        return out;
    }

    /** Upstream's ruleCovers: owner may be any rule, sub has at most one verb, group, resource and name. */
    static boolean covers(PolicyRule owner, PolicyRule sub) {
        boolean verbs = owner.verbs().contains(PolicyRule.ALL) || owner.verbs().containsAll(sub.verbs());
        boolean groups = owner.apiGroups().contains(PolicyRule.ALL) || owner.apiGroups().containsAll(sub.apiGroups());
        boolean resources = resourcesCover(owner.resources(), sub.resources());
        boolean urls = sub.nonResourceURLs().stream().allMatch(path ->
                owner.nonResourceURLs().stream().anyMatch(o -> urlCovers(o, path)));
        boolean names = sub.resourceNames().isEmpty() ? owner.resourceNames().isEmpty()
                : owner.resourceNames().isEmpty() || owner.resourceNames().containsAll(sub.resourceNames());
        return verbs && groups && resources && urls && names;
    }

    private static boolean resourcesCover(List<String> owner, List<String> wanted) {
        if (owner.contains(PolicyRule.ALL) || owner.containsAll(wanted)) {
            return true;
        }
        for (String path : wanted) {
            if (owner.contains(path)) {
                continue;
            }
            int slash = path.indexOf('/');
            if (slash < 0 || !owner.contains("*/" + path.substring(slash + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean urlCovers(String owner, String path) {
        return owner.equals(path) || (owner.endsWith("*") && path.startsWith(PolicyRule.trimStars(owner)));
    }

    /**
     * Upstream's CompactRules: rules of one group, one resource and at most one name, that differ only in
     * verbs, merge into one rule with the verbs in first-seen order; other rules pass through unchanged.
     */
    public static List<PolicyRule> compact(List<PolicyRule> rules) {
        List<PolicyRule> out = new ArrayList<>();
        Map<List<String>, PolicyRule> simple = new LinkedHashMap<>();
        for (PolicyRule r : rules) {
            if (r.resourceNames().size() > 1 || !r.nonResourceURLs().isEmpty()
                    || r.apiGroups().size() != 1 || r.resources().size() != 1) {
                out.add(r);
                continue;
            }
            List<String> key = List.of(r.apiGroups().get(0), r.resources().get(0),
                    r.resourceNames().isEmpty() ? "\0" : r.resourceNames().get(0));
            simple.merge(key, r, (a, b) -> {
                List<String> verbs = new ArrayList<>(a.verbs());
                b.verbs().stream().filter(v -> !verbs.contains(v)).forEach(verbs::add);
                return new PolicyRule(verbs, a.apiGroups(), a.resources(), a.resourceNames(), List.of());
            });
        }
        out.addAll(simple.values());
        return out;
    }
}
