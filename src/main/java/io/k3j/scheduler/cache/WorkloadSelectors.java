package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The selectors of Services and of pod controllers (ReplicationControllers, ReplicaSets, StatefulSets), from which
 * upstream derives a pod's default spreading selector when the pod has no topologySpreadConstraints of its own:
 * every Service in the pod's namespace selecting it, ANDed with its controlling owner's selector.
 */
public final class WorkloadSelectors {

    /** namespace -> service name -> selector map */
    private final Map<String, Map<String, Map<String, String>>> services = new HashMap<>();
    /** "Kind/namespace/name" -> selector */
    private final Map<String, LabelSelector> controllers = new HashMap<>();

    public void upsertService(String namespace, String name, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            removeService(namespace, name); // a Service without a selector selects no pods
            return;
        }
        services.computeIfAbsent(namespace, k -> new HashMap<>()).put(name, Map.copyOf(selector));
    }

    public void removeService(String namespace, String name) {
        Map<String, Map<String, String>> ns = services.get(namespace);
        if (ns != null) {
            ns.remove(name);
        }
    }

    /** {@code kind}: ReplicationController, ReplicaSet or StatefulSet. */
    public void upsertController(String kind, String namespace, String name, LabelSelector selector) {
        controllers.put(kind + "/" + namespace + "/" + name, selector);
    }

    public void removeController(String kind, String namespace, String name) {
        controllers.remove(kind + "/" + namespace + "/" + name);
    }

    /** The default spreading selector for {@code pod}, or null when nothing selects it. */
    public LabelSelector defaultSelectorFor(PodInfo pod) {
        List<String> requirements = new ArrayList<>();
        Map<String, Map<String, String>> ns = services.get(pod.namespace());
        if (ns != null) {
            Map<String, String> merged = new HashMap<>();
            for (Map<String, String> sel : ns.values()) {
                if (pod.labels().entrySet().containsAll(sel.entrySet())) {
                    merged.putAll(sel);
                }
            }
            merged.forEach((k, v) -> requirements.add(k + "=" + v));
        }
        LabelSelector owner = ownerSelector(pod);
        if (owner != null && !owner.isNothing()) {
            requirements.add(owner.toString());
        }
        requirements.removeIf(String::isEmpty);
        if (requirements.isEmpty()) {
            return null;
        }
        try {
            return LabelSelector.parse(String.join(",", requirements));
        } catch (SelectorException e) {
            return null;
        }
    }

    private LabelSelector ownerSelector(PodInfo pod) {
        if (pod.pod().getMetadata().getOwnerReferences() == null) {
            return null;
        }
        for (OwnerReference ref : pod.pod().getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(ref.getController())) {
                String kind = switch (ref.getKind() + " " + ref.getApiVersion()) {
                    case "ReplicationController v1" -> "ReplicationController";
                    case "ReplicaSet apps/v1" -> "ReplicaSet";
                    case "StatefulSet apps/v1" -> "StatefulSet";
                    default -> null;
                };
                return kind == null ? null : controllers.get(kind + "/" + pod.namespace() + "/" + ref.getName());
            }
        }
        return null;
    }
}
