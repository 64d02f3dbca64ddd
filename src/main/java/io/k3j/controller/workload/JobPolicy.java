package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The Job controller's pure rules: back-off, podFailurePolicy matching, completion index sets. */
final class JobPolicy {

    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
    static final Duration BACKOFF_BASE = Duration.ofSeconds(10);
    static final Duration BACKOFF_MAX = Duration.ofMinutes(6);

    private JobPolicy() {
    }

    /** The delay before the next pod after {@code failures} consecutive failures: 10 s doubling, at most 6 min. */
    static Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long ms = BACKOFF_BASE.toMillis();
        for (int i = 1; i < failures && ms < BACKOFF_MAX.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, BACKOFF_MAX.toMillis()));
    }

    /** What a podFailurePolicy rule decided about a failed pod: its action and a message for FailJob. */
    record Match(String action, String message) {
    }

    /** The first podFailurePolicy rule matching the failed {@code pod}, or null (the failure counts as usual). */
    static Match match(JsonNode job, JsonNode pod) {
        JsonNode rules = job.path("spec").path("podFailurePolicy").path("rules");
        int i = 0;
        for (JsonNode rule : rules) {
            String action = rule.path("action").asText();
            JsonNode exit = rule.path("onExitCodes");
            if (exit.isObject()) {
                String container = exit.path("containerName").asText("");
                boolean in = "In".equals(exit.path("operator").asText());
                List<Integer> values = new ArrayList<>();
                exit.path("values").forEach(v -> values.add(v.asInt()));
                for (String field : new String[]{"initContainerStatuses", "containerStatuses"}) {
                    for (JsonNode cs : pod.path("status").path(field)) {
                        JsonNode term = cs.path("state").path("terminated");
                        if (!term.isObject() || (!container.isEmpty() && !container.equals(cs.path("name").asText()))) {
                            continue;
                        }
                        int code = term.path("exitCode").asInt(0);
                        if (code == 0) {
                            continue; // a container that succeeded matches no exit-code rule
                        }
                        if (values.contains(code) == in) {
                            return new Match(action, "Container " + cs.path("name").asText() + " for pod " + Meta.namespace(pod)
                                    + "/" + Meta.name(pod) + " failed with exit code " + code + " matching " + action
                                    + " rule at index " + i);
                        }
                    }
                }
            }
            for (JsonNode pattern : rule.path("onPodConditions")) {
                JsonNode c = Pods.condition(pod, pattern.path("type").asText());
                if (c != null && c.path("status").asText().equals(pattern.path("status").asText("True"))) {
                    return new Match(action, "Pod " + Meta.namespace(pod) + "/" + Meta.name(pod) + " has condition "
                            + pattern.path("type").asText() + " matching " + action + " rule at index " + i);
                }
            }
            i++;
        }
        return null;
    }

    /** When a failed pod finished: its last container's finishedAt, else its last condition change, else creation. */
    static Instant finishedAt(JsonNode pod) {
        Instant latest = null;
        for (JsonNode cs : pod.path("status").path("containerStatuses")) {
            Instant t = Meta.time(cs.path("state").path("terminated").path("finishedAt"));
            if (t != null && (latest == null || t.isAfter(latest))) {
                latest = t;
            }
        }
        if (latest == null) {
            for (JsonNode c : pod.path("status").path("conditions")) {
                Instant t = Meta.time(c.path("lastTransitionTime"));
                if (t != null && (latest == null || t.isAfter(latest))) {
                    latest = t;
                }
            }
        }
        return latest != null ? latest : Meta.created(pod);
    }

    /** The pod's completion index, or -1. */
    static int index(JsonNode pod) {
        String v = Meta.annotation(pod, INDEX_KEY);
        if (v == null) {
            v = Meta.labels(pod).get(INDEX_KEY);
        }
        try {
            return v == null ? -1 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Parses "0-2,4" into {0,1,2,4}. */
    static TreeSet<Integer> parseIndexes(String s) {
        TreeSet<Integer> out = new TreeSet<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            String[] range = part.trim().split("-");
            try {
                int a = Integer.parseInt(range[0]);
                int b = range.length > 1 ? Integer.parseInt(range[1]) : a;
                for (int i = a; i <= b; i++) {
                    out.add(i);
                }
            } catch (NumberFormatException ignored) {
                // malformed part: skip
            }
        }
        return out;
    }

    /** Formats {0,1,2,4} as "0-2,4", as status.completedIndexes. */
    static String formatIndexes(TreeSet<Integer> set) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int i : set) {
            if (start == null) {
                start = i;
            } else if (i != prev + 1) {
                append(sb, start, prev);
                start = i;
            }
            prev = i;
        }
        if (start != null) {
            append(sb, start, prev);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int a, int b) {
        if (!sb.isEmpty()) {
            sb.append(',');
        }
        sb.append(a);
        if (b > a) {
            sb.append('-').append(b);
        }
    }
}
