package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * One Pod Security Standards control, as upstream's policy.Check: a unique id, the level it belongs to and its
 * revisions by policy version. A restricted check may override baseline checks it supersedes (restricted
 * volumes replace the hostPath check), so restricted evaluation runs only the stricter one.
 */
public record PodCheck(String id, Level level, List<Revision> revisions) {

    /** Evaluates a pod's (or pod template's) metadata and spec; either may be an empty object, never null. */
    @FunctionalInterface
    public interface Fn {
        CheckResult check(JsonNode metadata, JsonNode spec);
    }

    /** The check as it reads from {@code since} on, until the next revision. */
    public record Revision(PolicyVersion since, Fn fn, Set<String> overrides) {
    }

    public PodCheck {
        revisions = List.copyOf(revisions);
    }

    static Revision since(int minor, Fn fn) {
        return new Revision(PolicyVersion.of(minor), fn, Set.of());
    }

    static Revision since(int minor, Fn fn, String overriddenBaselineCheck) {
        return new Revision(PolicyVersion.of(minor), fn, Set.of(overriddenBaselineCheck));
    }

    /** The revision in force at {@code v}, or null before the check existed. */
    Revision at(PolicyVersion v) {
        Revision found = null;
        for (Revision r : revisions) {
            if (!v.olderThan(r.since())) {
                found = r;
            }
        }
        return found;
    }
}
