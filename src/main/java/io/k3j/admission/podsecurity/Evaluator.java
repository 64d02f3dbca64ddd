package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the checks of a level at a policy version, as upstream's check registry: the checks in force at every
 * version are worked out once, so an evaluation is a walk over a precomputed list. Results come in upstream's
 * order, baseline checks by id then restricted checks by id, so messages read the same as kube-apiserver's.
 * A version newer than the newest check revision (or {@code latest}) evaluates as that newest revision.
 */
public final class Evaluator {

    /** The checks kube-apiserver 1.33 has enabled by default. */
    public static final Evaluator DEFAULT = new Evaluator(defaultChecks());

    private final int maxMinor;
    private final List<List<PodCheck.Fn>> baseline = new ArrayList<>();
    private final List<List<PodCheck.Fn>> restricted = new ArrayList<>();

    public Evaluator(List<PodCheck> checks) {
        Set<String> ids = new HashSet<>();
        for (PodCheck c : checks) {
            if (c.level() == Level.PRIVILEGED || c.revisions().isEmpty() || !ids.add(c.id())) {
                throw new IllegalArgumentException("invalid check " + c.id());
            }
        }
        List<PodCheck> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparing((PodCheck c) -> c.level() == Level.RESTRICTED).thenComparing(PodCheck::id));
        this.maxMinor = checks.stream().flatMap(c -> c.revisions().stream())
                .mapToInt(r -> r.since().minor()).max().orElse(0);
        for (int minor = 0; minor <= maxMinor; minor++) {
            PolicyVersion v = PolicyVersion.of(minor);
            Set<String> overridden = new HashSet<>();
            for (PodCheck c : ordered) {
                PodCheck.Revision r = c.at(v);
                if (c.level() == Level.RESTRICTED && r != null) {
                    overridden.addAll(r.overrides());
                }
            }
            List<PodCheck.Fn> b = new ArrayList<>();
            List<PodCheck.Fn> rs = new ArrayList<>();
            for (PodCheck c : ordered) {
                PodCheck.Revision r = c.at(v);
                if (r == null) {
                    continue;
                }
                if (c.level() == Level.BASELINE) {
                    b.add(r.fn());
                    if (!overridden.contains(c.id())) {
                        rs.add(r.fn());
                    }
                } else {
                    rs.add(r.fn());
                }
            }
            baseline.add(List.copyOf(b));
            restricted.add(List.copyOf(rs));
        }
    }

    static List<PodCheck> defaultChecks() {
        List<PodCheck> all = new ArrayList<>(BaselineChecks.all());
        all.addAll(RestrictedChecks.all());
        return all;
    }

    /** Every check's result; privileged has no checks. */
    public List<CheckResult> evaluate(LevelVersion lv, JsonNode metadata, JsonNode spec) {
        if (lv.level() == Level.PRIVILEGED) {
            return List.of();
        }
        int minor = lv.version().latest() ? maxMinor : Math.min(lv.version().minor(), maxMinor);
        List<PodCheck.Fn> fns = (lv.level() == Level.BASELINE ? baseline : restricted).get(minor);
        List<CheckResult> results = new ArrayList<>(fns.size());
        for (PodCheck.Fn fn : fns) {
            results.add(fn.check(metadata, spec));
        }
        return results;
    }

    public AggregateResult aggregate(LevelVersion lv, JsonNode metadata, JsonNode spec) {
        return AggregateResult.of(evaluate(lv, metadata, spec));
    }
}
