package io.k3j.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluators, as upstream's quota registry: pods, services and claims have their own; configmaps, secrets,
 * replicationcontrollers and resourcequotas are counted under their legacy names too; every other resource is
 * counted by {@code count/<resource>.<group>}. A few resources are never quota'd (virtual ones, events).
 */
public final class Evaluators {

    /** group/resource pairs quota ignores, as upstream's DefaultIgnoredResources. */
    private static final Set<String> IGNORED = Set.of("/bindings", "/componentstatuses", "/events", "events.k8s.io/events",
            "authentication.k8s.io/tokenreviews", "authentication.k8s.io/selfsubjectreviews",
            "authorization.k8s.io/subjectaccessreviews", "authorization.k8s.io/selfsubjectaccessreviews",
            "authorization.k8s.io/localsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews");

    private static final Map<String, Evaluator> BUILT_IN = new LinkedHashMap<>();

    static {
        register(new PodEvaluator());
        register(new ServiceEvaluator());
        register(new PvcEvaluator());
        register(ObjectCountEvaluator.withAlias("", "configmaps", "configmaps"));
        register(ObjectCountEvaluator.withAlias("", "secrets", "secrets"));
        register(ObjectCountEvaluator.withAlias("", "replicationcontrollers", "replicationcontrollers"));
        register(ObjectCountEvaluator.withAlias("", "resourcequotas", "resourcequotas"));
    }

    private Evaluators() {
    }

    private static void register(Evaluator e) {
        BUILT_IN.put(e.group() + "/" + e.resource(), e);
    }

    public static boolean ignored(String group, String resource) {
        return IGNORED.contains(group + "/" + resource);
    }

    /** The evaluator of a resource: a built-in one, else an object counter (null for ignored resources). */
    public static Evaluator of(String group, String resource) {
        if (ignored(group, resource)) {
            return null;
        }
        Evaluator e = BUILT_IN.get(group + "/" + resource);
        return e != null ? e : ObjectCountEvaluator.of(group, resource);
    }

    /**
     * The evaluators that charge any of {@code hardNames}: the built-in ones, plus an object counter for each
     * {@code count/<resource>[.<group>]} no built-in one covers.
     */
    public static List<Evaluator> forNames(Collection<String> hardNames) {
        List<Evaluator> out = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (Evaluator e : BUILT_IN.values()) {
            List<String> m = e.matchingResources(hardNames);
            if (!m.isEmpty()) {
                out.add(e);
                covered.addAll(m);
            }
        }
        for (String n : hardNames) {
            if (n.startsWith("count/") && !covered.contains(n)) {
                String[] gr = groupResource(n);
                if (!ignored(gr[0], gr[1])) {
                    out.add(ObjectCountEvaluator.of(gr[0], gr[1]));
                }
            }
        }
        return out;
    }

    /** {@code count/deployments.apps} → {"apps", "deployments"}; {@code count/pods} → {"", "pods"}. */
    public static String[] groupResource(String countName) {
        String gr = countName.substring("count/".length());
        int dot = gr.indexOf('.');
        return dot < 0 ? new String[]{"", gr} : new String[]{gr.substring(dot + 1), gr.substring(0, dot)};
    }
}
