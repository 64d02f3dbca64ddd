package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Upstream's FailedScheduling text: {@code "0/N nodes are available: <PreFilter message>."} or, when PreFilter
 * passed, the histogram of node reasons ({@code "<count> <reason>"}, sorted as strings, joined by ", ") and a
 * period, then the PostFilter (preemption) message after a space.
 */
public final class FitError {

    private FitError() {
    }

    public static String message(int numAllNodes, Diagnosis d) {
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (!d.preFilterMessage().isEmpty()) {
            sb.append(' ').append(d.preFilterMessage()).append('.');
        } else {
            Map<String, Integer> reasons = new TreeMap<>();
            for (Status s : d.explicit().values()) {
                for (String r : s.reasons()) {
                    reasons.merge(r, 1, Integer::sum);
                }
            }
            int absent = numAllNodes - d.explicit().size();
            if (absent > 0) {
                for (String r : d.absentNodesStatus().reasons()) {
                    reasons.merge(r, absent, Integer::sum);
                }
            }
            List<String> lines = new ArrayList<>();
            reasons.forEach((r, n) -> lines.add(n + " " + r));
            lines.sort(null); // upstream sorts "count reason" strings, so "10 x" precedes "2 y"
            if (!lines.isEmpty()) {
                sb.append(' ').append(String.join(", ", lines)).append('.');
            }
        }
        if (!d.postFilterMessage().isEmpty()) {
            sb.append(' ').append(d.postFilterMessage());
        }
        return sb.toString();
    }
}
