package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What a stricter enforce label would do to the pods already running in a namespace: upstream does not evict
 * them, it warns whoever changes the label. Pods with the same violations are folded into one warning naming the
 * lexically first pod and how many others share it, and pods of one controller are checked once before the rest,
 * so a large Deployment does not crowd out everything else. The check is bounded in pods and time, as upstream's.
 */
final class NamespacePods {

    static final int MAX_PODS = 3000;
    static final long TIMEOUT_NANOS = 1_000_000_000L;

    private final Evaluator evaluator;
    private final PodSecurityConfig config;
    private final LongSupplier nanoTime;

    NamespacePods(Evaluator evaluator, PodSecurityConfig config, LongSupplier nanoTime) {
        this.evaluator = evaluator;
        this.config = config;
        this.nanoTime = nanoTime;
    }

    /** The warnings for the namespace's pods against the new enforce level, in upstream's order. */
    List<String> warnings(String namespace, LevelVersion enforce, List<? extends JsonNode> pods) {
        long deadline = nanoTime.getAsLong() + TIMEOUT_NANOS;
        List<JsonNode> ordered = prioritize(pods);
        int total = ordered.size();
        int checked = Math.min(total, MAX_PODS);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(total, MAX_PODS); i++) {
            JsonNode pod = ordered.get(i);
            AggregateResult r = evaluator.aggregate(enforce, pod.path("metadata"), pod.path("spec"));
            if (!r.allowed()) {
                String name = pod.path("metadata").path("name").asText("");
                groups.computeIfAbsent(r.forbiddenReason(), k -> new Group(name)).add(name);
            }
            if (nanoTime.getAsLong() - deadline > 0) {
                checked = i + 1;
                break;
            }
        }
        List<String> warnings = new ArrayList<>();
        if (checked < total) {
            warnings.add("new PodSecurity enforce level only checked against the first " + checked + " of " + total
                    + " existing pods");
        }
        if (!groups.isEmpty()) {
            warnings.add("existing pods in namespace " + Texts.goQuote(namespace)
                    + " violate the new PodSecurity enforce level " + Texts.goQuote(enforce.toString()));
        }
        List<String> perPod = new ArrayList<>();
        groups.forEach((reason, g) -> perPod.add(g.decorate(reason)));
        perPod.sort(null);
        warnings.addAll(perPod);
        return warnings;
    }

    /** Exempt runtime classes drop out; the first pod of each controller goes first, its siblings last. */
    private List<JsonNode> prioritize(List<? extends JsonNode> pods) {
        List<JsonNode> first = new ArrayList<>();
        List<JsonNode> siblings = new ArrayList<>();
        Set<String> controllers = new HashSet<>();
        for (JsonNode pod : pods) {
            if (config.exemptRuntimeClass(PodFields.text(pod, "spec", "runtimeClassName"))) {
                continue;
            }
            String controller = controllerUid(pod);
            if (controller == null || controllers.add(controller)) {
                first.add(pod);
            } else {
                siblings.add(pod);
            }
        }
        first.addAll(siblings);
        return first;
    }

    private static String controllerUid(JsonNode pod) {
        JsonNode refs = PodFields.at(pod, "metadata", "ownerReferences");
        if (refs != null) {
            for (JsonNode ref : refs) {
                if (PodFields.isTrue(ref, "controller")) {
                    return ref.path("uid").asText("");
                }
            }
        }
        return null;
    }

    /** Pods sharing one set of violations. */
    private static final class Group {
        private String firstName;
        private int count;

        Group(String name) {
            this.firstName = name;
        }

        void add(String name) {
            if (count > 0 && name.compareTo(firstName) < 0) {
                firstName = name;
            }
            count++;
        }

        String decorate(String reason) {
            return switch (count) {
                case 1 -> firstName + ": " + reason;
                case 2 -> firstName + " (and 1 other pod): " + reason;
                default -> firstName + " (and " + (count - 1) + " other pods): " + reason;
            };
        }
    }
}
