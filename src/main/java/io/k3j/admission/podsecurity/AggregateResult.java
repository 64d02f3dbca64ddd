package io.k3j.admission.podsecurity;

import java.util.ArrayList;
import java.util.List;

/** Every failed check of one evaluation, in check order, as upstream's AggregateCheckResult. */
public record AggregateResult(List<String> reasons, List<String> details) {

    /** Upstream's placeholder for a check that refuses without saying why. */
    static final String UNKNOWN_REASON = "unknown forbidden reason";

    public static AggregateResult of(List<CheckResult> results) {
        List<String> reasons = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (CheckResult r : results) {
            if (!r.allowed()) {
                reasons.add(r.reason().isEmpty() ? UNKNOWN_REASON : r.reason());
                details.add(r.detail());
            }
        }
        return new AggregateResult(List.copyOf(reasons), List.copyOf(details));
    }

    public boolean allowed() {
        return reasons.isEmpty();
    }

    /** {@code host namespaces, privileged}: the reasons alone, as the namespace warnings list them. */
    public String forbiddenReason() {
        return String.join(", ", reasons);
    }

    /** {@code host namespaces (hostNetwork=true), privileged (container "c" must not ...)}. */
    public String forbiddenDetail() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < reasons.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(reasons.get(i));
            if (!details.get(i).isEmpty()) {
                b.append(" (").append(details.get(i)).append(')');
            }
        }
        return b.toString();
    }
}
