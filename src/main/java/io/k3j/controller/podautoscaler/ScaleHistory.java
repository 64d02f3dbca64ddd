package io.k3j.controller.podautoscaler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What upstream's autoscaler remembers per HPA between syncs, and the normalization that uses it: recent replica
 * recommendations (stabilization windows) and recent scale changes (rate policies). Like upstream it lives in memory
 * only: after a restart the first sync seeds it with the target's current replicas, so a fresh controller neither
 * scales down at once nor forgets more than a window.
 *
 * <p>Used by one controller on one context; not thread-safe.
 */
public final class ScaleHistory {

    /** The normalized count and the conditions it implies (AbleToScale and ScalingLimited). */
    public record Normalized(int replicas, Condition ableToScale, Condition scalingLimited) {
    }

    private record Recommendation(int replicas, Instant at) {
    }

    private record ScaleEvent(int change, Instant at, boolean outdated) {
    }

    private static final double SCALE_UP_LIMIT_FACTOR = 2.0;
    private static final double SCALE_UP_LIMIT_MINIMUM = 4.0;

    private final Clock clock;
    private final Duration downscaleWindow;
    private final Map<String, List<Recommendation>> recommendations = new HashMap<>();
    private final Map<String, List<ScaleEvent>> scaleUps = new HashMap<>();
    private final Map<String, List<ScaleEvent>> scaleDowns = new HashMap<>();

    public ScaleHistory(Clock clock, Duration downscaleWindow) {
        this.clock = clock;
        this.downscaleWindow = downscaleWindow;
    }

    /** Seeds the recommendations with the current count the first time an HPA is seen. */
    public void recordInitial(String key, int currentReplicas) {
        recommendations.computeIfAbsent(key, k -> new ArrayList<>(List.of(new Recommendation(currentReplicas, clock.instant()))));
    }

    public void forget(String key) {
        recommendations.remove(key);
        scaleUps.remove(key);
        scaleDowns.remove(key);
    }

    /**
     * Without spec.behavior: the highest recommendation of the downscale window, then clamped to [min, max] and to
     * upstream's fixed scale-up limit (double, at least 4).
     */
    public Normalized normalize(String key, int current, int desired, int min, int max) {
        int stabilized = stabilize(key, desired);
        Condition able = stabilized != desired
                ? new Condition(Condition.ABLE_TO_SCALE, true, "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation")
                : new Condition(Condition.ABLE_TO_SCALE, true, "ReadyForNewScale", "recommended size matches current size");
        int scaleUpLimit = (int) Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
        int maxAllowed;
        String reason;
        String message;
        if (max > scaleUpLimit) {
            maxAllowed = scaleUpLimit;
            reason = "ScaleUpLimit";
            message = "the desired replica count is increasing faster than the maximum scale rate";
        } else {
            maxAllowed = max;
            reason = "TooManyReplicas";
            message = "the desired replica count is more than the maximum replica count";
        }
        int result = stabilized;
        if (stabilized < min) {
            result = min;
            reason = "TooFewReplicas";
            message = "the desired replica count is less than the minimum replica count";
        } else if (stabilized > maxAllowed) {
            result = maxAllowed;
        } else {
            reason = "DesiredWithinRange";
            message = "the desired count is within the acceptable range";
        }
        return new Normalized(result, able, new Condition(Condition.SCALING_LIMITED, result != stabilized, reason, message));
    }

    private int stabilize(String key, int desired) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(downscaleWindow);
        int max = desired;
        int oldIndex = -1;
        List<Recommendation> recs = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
        for (int i = 0; i < recs.size(); i++) {
            Recommendation r = recs.get(i);
            if (r.at().isBefore(cutoff)) {
                oldIndex = i;
            } else if (r.replicas() > max) {
                max = r.replicas();
            }
        }
        record(recs, oldIndex, new Recommendation(desired, now));
        return max;
    }

    /**
     * With spec.behavior: stabilized between the lowest recommendation of the scale-up window and the highest of the
     * scale-down window, then limited by the direction's rate policies and [min, max].
     */
    public Normalized normalize(String key, Behavior behavior, int current, int desired, int min, int max) {
        Instant now = clock.instant();
        Instant upCutoff = now.minusSeconds(behavior.scaleUp().stabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(behavior.scaleDown().stabilizationWindowSeconds());
        int up = desired;
        int down = desired;
        int oldIndex = -1;
        List<Recommendation> recs = recommendations.computeIfAbsent(key, k -> new ArrayList<>());
        for (int i = 0; i < recs.size(); i++) {
            Recommendation r = recs.get(i);
            if (r.at().isAfter(upCutoff)) {
                up = Math.min(up, r.replicas());
            }
            if (r.at().isAfter(downCutoff)) {
                down = Math.max(down, r.replicas());
            }
            if (r.at().isBefore(upCutoff) && r.at().isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int stabilized = Math.min(Math.max(current, up), down);
        record(recs, oldIndex, new Recommendation(desired, now));

        Condition able;
        if (stabilized != desired) {
            able = desired >= current
                    ? new Condition(Condition.ABLE_TO_SCALE, true, "ScaleUpStabilized",
                    "recent recommendations were lower than current one, applying the lowest recent recommendation")
                    : new Condition(Condition.ABLE_TO_SCALE, true, "ScaleDownStabilized",
                    "recent recommendations were higher than current one, applying the highest recent recommendation");
        } else {
            able = new Condition(Condition.ABLE_TO_SCALE, true, "ReadyForNewScale", "recommended size matches current size");
        }
        int result = stabilized;
        String reason = "DesiredWithinRange";
        String message = "the desired count is within the acceptable range";
        if (stabilized > current) {
            int limit = Math.max(current, scaleUpLimit(key, current, behavior.scaleUp()));
            int maxAllowed = max;
            if (max > limit) {
                maxAllowed = limit;
                reason = "ScaleUpLimit";
                message = "the desired replica count is increasing faster than the maximum scale rate";
            } else {
                reason = "TooManyReplicas";
                message = "the desired replica count is more than the maximum replica count";
            }
            if (stabilized > maxAllowed) {
                result = maxAllowed;
            } else {
                reason = "DesiredWithinRange";
                message = "the desired count is within the acceptable range";
            }
        } else if (stabilized < current) {
            int limit = Math.min(current, scaleDownLimit(key, current, behavior.scaleDown()));
            int minAllowed = min;
            if (min < limit) {
                minAllowed = limit;
                reason = "ScaleDownLimit";
                message = "the desired replica count is decreasing faster than the maximum scale rate";
            } else {
                reason = "TooFewReplicas";
                message = "the desired replica count is less than the minimum replica count";
            }
            if (stabilized < minAllowed) {
                result = minAllowed;
            } else {
                reason = "DesiredWithinRange";
                message = "the desired count is within the acceptable range";
            }
        }
        return new Normalized(result, able, new Condition(Condition.SCALING_LIMITED, result != stabilized, reason, message));
    }

    /** The most replicas the scale-up policies allow now, counted from each policy period's starting size. */
    private int scaleUpLimit(String key, int current, Behavior.Rules rules) {
        if (Behavior.DISABLED.equals(rules.selectPolicy())) {
            return current;
        }
        boolean min = Behavior.MIN.equals(rules.selectPolicy());
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (Behavior.Policy p : rules.policies()) {
            int start = periodStart(key, current, p.periodSeconds());
            int proposed = "Pods".equals(p.type()) ? start + p.value()
                    : (int) Math.ceil(start * (1 + p.value() / 100.0));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /** The fewest replicas the scale-down policies allow now. */
    private int scaleDownLimit(String key, int current, Behavior.Rules rules) {
        if (Behavior.DISABLED.equals(rules.selectPolicy())) {
            return current;
        }
        boolean min = Behavior.MIN.equals(rules.selectPolicy());
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (Behavior.Policy p : rules.policies()) {
            int start = periodStart(key, current, p.periodSeconds());
            int proposed = "Pods".equals(p.type()) ? start - p.value()
                    : (int) (start * (1 - p.value() / 100.0));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private int periodStart(String key, int current, int periodSeconds) {
        Instant cutoff = clock.instant().minusSeconds(periodSeconds);
        return current - changeSince(scaleUps.get(key), cutoff) + changeSince(scaleDowns.get(key), cutoff);
    }

    private static int changeSince(List<ScaleEvent> events, Instant cutoff) {
        int sum = 0;
        if (events != null) {
            for (ScaleEvent e : events) {
                if (e.at().isAfter(cutoff)) {
                    sum += e.change();
                }
            }
        }
        return sum;
    }

    /** Remembers a scale change for the rate policies (only HPAs with a behavior use them). */
    public void recordScale(String key, Behavior behavior, int from, int to) {
        if (behavior == null || from == to) {
            return;
        }
        boolean up = to > from;
        Behavior.Rules rules = up ? behavior.scaleUp() : behavior.scaleDown();
        List<ScaleEvent> events = (up ? scaleUps : scaleDowns).computeIfAbsent(key, k -> new ArrayList<>());
        Instant now = clock.instant();
        Instant cutoff = now.minusSeconds(rules.longestPeriodSeconds());
        int oldIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            ScaleEvent e = events.get(i);
            if (e.outdated() || e.at().isBefore(cutoff)) {
                events.set(i, new ScaleEvent(e.change(), e.at(), true));
                oldIndex = i;
            }
        }
        ScaleEvent event = new ScaleEvent(Math.abs(to - from), now, false);
        if (oldIndex >= 0) {
            events.set(oldIndex, event);
        } else {
            events.add(event);
        }
    }

    /** Replaces an outdated entry (the last one found) rather than growing the list, as upstream. */
    private static void record(List<Recommendation> recs, int oldIndex, Recommendation r) {
        if (oldIndex >= 0) {
            recs.set(oldIndex, r);
        } else {
            recs.add(r);
        }
    }
}
