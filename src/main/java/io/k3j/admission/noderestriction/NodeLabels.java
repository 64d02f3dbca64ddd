package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Node labels a kubelet may set itself, as upstream's NodeRestriction and the kubelet's label allow-list
 * decide: nothing under node-restriction.kubernetes.io (that prefix is for administrators, so workloads can trust
 * it), and under kubernetes.io / k8s.io only the well-known kubelet labels and the kubelet.kubernetes.io and
 * node.kubernetes.io namespaces. Labels outside kubernetes.io and k8s.io are the node's own business.
 */
final class NodeLabels {

    static final String NODE_RESTRICTION = "node-restriction.kubernetes.io";

    /** The kubelet's well-known labels (kubelet's IsKubeletLabel list). */
    private static final Set<String> KUBELET_LABELS = Set.of(
            "kubernetes.io/hostname",
            "topology.kubernetes.io/zone",
            "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone",
            "failure-domain.beta.kubernetes.io/region",
            "beta.kubernetes.io/instance-type",
            "node.kubernetes.io/instance-type",
            "kubernetes.io/os",
            "kubernetes.io/arch",
            "beta.kubernetes.io/os",
            "beta.kubernetes.io/arch");
    private static final Set<String> KUBELET_NAMESPACES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");

    private NodeLabels() {
    }

    /** Keys added, removed or changed between two label maps ({@code metadata.labels} objects, may be missing). */
    static Set<String> modified(JsonNode now, JsonNode before) {
        Set<String> out = new TreeSet<>();
        diff(now, before, out);
        diff(before, now, out);
        return out;
    }

    /** The keys among {@code modified} a node may not set, sorted (upstream prints them sorted). */
    static Set<String> forbidden(Set<String> modified) {
        Set<String> out = new TreeSet<>();
        for (String key : modified) {
            String ns = namespaceOf(key);
            if (ns.equals(NODE_RESTRICTION) || ns.endsWith("." + NODE_RESTRICTION)) {
                out.add(key);
            }
            if (isKubernetesLabel(ns) && !isKubeletLabel(key, ns)) {
                out.add(key);
            }
        }
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, Set<String> out) {
        if (a == null || !a.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = a.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode other = b == null ? null : b.get(e.getKey());
            if (other == null || !other.equals(e.getValue())) {
                out.add(e.getKey());
            }
        }
    }

    private static boolean isKubernetesLabel(String ns) {
        return ns.equals("kubernetes.io") || ns.endsWith(".kubernetes.io") || ns.equals("k8s.io") || ns.endsWith(".k8s.io");
    }

    private static boolean isKubeletLabel(String key, String ns) {
        if (KUBELET_LABELS.contains(key)) {
            return true;
        }
        for (String allowed : KUBELET_NAMESPACES) {
            if (ns.equals(allowed) || ns.endsWith("." + allowed)) {
                return true;
            }
        }
        return false;
    }

    private static String namespaceOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }
}
