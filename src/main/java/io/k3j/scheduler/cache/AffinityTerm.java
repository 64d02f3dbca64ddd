package io.k3j.scheduler.cache;

import io.k3j.api.selector.LabelSelector;

import java.util.Map;
import java.util.Set;

/**
 * A compiled pod (anti-)affinity term. It matches a pod whose namespace is listed (the owner's own namespace when
 * neither namespaces nor a namespace selector is given) or whose namespace's labels the namespace selector matches,
 * and whose labels the label selector matches. A missing label selector matches nothing, as upstream.
 */
public record AffinityTerm(Set<String> namespaces, LabelSelector namespaceSelector, LabelSelector selector,
                           String topologyKey, int weight) {

    public AffinityTerm {
        namespaces = Set.copyOf(namespaces);
    }

    public boolean matches(PodInfo pod, Map<String, String> podNamespaceLabels) {
        boolean nsMatch = namespaces.contains(pod.namespace())
                || (!namespaceSelector.isNothing() && namespaceSelector.matches(podNamespaceLabels));
        return nsMatch && selector.matches(pod.labels());
    }
}
