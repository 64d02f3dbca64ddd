package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.function.Predicate;

/** Upstream's toleration matching (component-helpers scheduling/corev1). */
public final class Tolerations {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    /** Taints the Filter phase cares about: NoSchedule and NoExecute. */
    public static final Predicate<Taint> DO_NOT_SCHEDULE =
            t -> NO_SCHEDULE.equals(t.getEffect()) || NO_EXECUTE.equals(t.getEffect());

    private Tolerations() {
    }

    /** An empty effect or key is a wildcard; operator Exists ignores the value, Equal (or empty) compares it. */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (notEmpty(t.getEffect()) && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (notEmpty(t.getKey()) && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator();
        if (op == null || op.isEmpty() || op.equals("Equal")) {
            return nullToEmpty(t.getValue()).equals(nullToEmpty(taint.getValue()));
        }
        return op.equals("Exists");
    }

    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /** The first taint passing {@code filter} that no toleration tolerates, or null. */
    public static Taint firstUntolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        for (Taint taint : taints) {
            if (filter.test(taint) && !anyTolerates(tolerations, taint)) {
                return taint;
            }
        }
        return null;
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
