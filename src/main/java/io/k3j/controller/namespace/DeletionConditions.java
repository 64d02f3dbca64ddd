package io.k3j.controller.namespace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five status conditions upstream's namespace controller keeps on a terminating namespace, with upstream's
 * reasons and messages (what {@code kubectl describe namespace} shows while deletion is stuck). A condition with no
 * problem reported is set to its "ok" variant (status False), as upstream does.
 */
final class DeletionConditions {

    static final String DISCOVERY = "NamespaceDeletionDiscoveryFailure";
    static final String GV_PARSING = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private record Ok(String reason, String message) {
    }

    private static final Map<String, Ok> OK = new LinkedHashMap<>();

    static {
        OK.put(DISCOVERY, new Ok("ResourcesDiscovered", "All resources successfully discovered"));
        OK.put(GV_PARSING, new Ok("ParsedGroupVersions", "All legacy kube types successfully parsed"));
        OK.put(CONTENT_FAILURE, new Ok("ContentDeleted", "All content successfully deleted, may be waiting on finalization"));
        OK.put(CONTENT_REMAINING, new Ok("ContentRemoved", "All content successfully removed"));
        OK.put(FINALIZERS_REMAINING, new Ok("ContentHasNoFinalizers", "All content-preserving finalizers finished"));
    }

    private record Problem(String reason, String message) {
    }

    private final Map<String, Problem> problems = new LinkedHashMap<>();

    void discoveryFailed(int failingGroups, String error) {
        problems.put(DISCOVERY, new Problem("DiscoveryFailed",
                "Discovery failed for some groups, " + failingGroups + " failing: " + error));
    }

    void deletionFailed(List<String> errors) {
        if (!errors.isEmpty()) {
            problems.put(CONTENT_FAILURE, new Problem("ContentDeletionFailed",
                    "Failed to delete all resource types, " + errors.size() + " remaining: " + aggregate(errors)));
        }
    }

    /** Counts of what is left: "pods. has 2 resource instances", "example.com/hold in 1 resource instances". */
    void remaining(Map<GroupVersionResource, Integer> byResource, Map<String, Integer> byFinalizer) {
        List<String> resources = new ArrayList<>();
        byResource.forEach((gvr, n) -> resources.add(gvr.resource() + "." + gvr.group() + " has " + n + " resource instances"));
        if (!resources.isEmpty()) {
            resources.sort(null);
            problems.put(CONTENT_REMAINING, new Problem("SomeResourcesRemain",
                    "Some resources are remaining: " + String.join(", ", resources)));
        }
        List<String> finalizers = new ArrayList<>();
        byFinalizer.forEach((f, n) -> finalizers.add(f + " in " + n + " resource instances"));
        if (!finalizers.isEmpty()) {
            finalizers.sort(null);
            problems.put(FINALIZERS_REMAINING, new Problem("SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + String.join(", ", finalizers)));
        }
    }

    /** Go's aggregate error text: the one message, or "[a, b]". */
    static String aggregate(List<String> errors) {
        return errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]";
    }

    /**
     * The namespace's conditions after this pass: one per type, keeping lastTransitionTime where status, reason and
     * message are unchanged. Returns null when nothing changed (no write needed).
     */
    ArrayNode merge(JsonNode current, Instant now) {
        Map<String, JsonNode> old = new LinkedHashMap<>();
        for (JsonNode c : current) {
            old.put(c.path("type").asText(), c);
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        boolean changed = false;
        for (var e : OK.entrySet()) {
            String type = e.getKey();
            Problem p = problems.get(type);
            String status = p == null ? "False" : "True";
            String reason = p == null ? e.getValue().reason() : p.reason();
            String message = p == null ? e.getValue().message() : p.message();
            JsonNode prev = old.remove(type);
            if (prev != null && status.equals(prev.path("status").asText()) && reason.equals(prev.path("reason").asText())
                    && message.equals(prev.path("message").asText())) {
                out.add(prev);
                continue;
            }
            changed = true;
            ObjectNode c = out.addObject().put("type", type).put("status", status)
                    .put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
            c.put("reason", reason).put("message", message);
        }
        old.values().forEach(out::add); // conditions of other writers stay
        return changed ? out : null;
    }
}
