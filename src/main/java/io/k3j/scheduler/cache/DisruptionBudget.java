package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.HashSet;
import java.util.Set;

/**
 * What preemption needs of a PodDisruptionBudget: its namespace, selector, {@code status.disruptionsAllowed} and
 * {@code status.disruptedPods} (pods the API already counted as disrupted).
 */
public record DisruptionBudget(String namespace, String name, LabelSelector selector, int disruptionsAllowed,
                               Set<String> disruptedPods) {

    public DisruptionBudget {
        disruptedPods = Set.copyOf(disruptedPods);
    }

    public static DisruptionBudget of(ObjectNode pdb) {
        JsonNode meta = pdb.path("metadata");
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(pdb.path("spec").get("selector"));
        } catch (SelectorException e) {
            selector = LabelSelector.nothing();
        }
        Set<String> disrupted = new HashSet<>();
        pdb.path("status").path("disruptedPods").fieldNames().forEachRemaining(disrupted::add);
        return new DisruptionBudget(meta.path("namespace").asText("default"), meta.path("name").asText(), selector,
                pdb.path("status").path("disruptionsAllowed").asInt(0), disrupted);
    }

    /** Upstream: a budget with a nil or empty selector matches nothing; pods without labels match no budget. */
    public boolean covers(PodInfo pod) {
        return namespace.equals(pod.namespace()) && !pod.labels().isEmpty() && !selector.isEmpty()
                && selector.matches(pod.labels());
    }

    public String key() {
        return namespace + "/" + name;
    }
}
