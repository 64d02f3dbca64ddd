package io.k3j.admission.priority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.admission.support.ObjectFields;
import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's Priority plugin. A new pod's spec.priority and spec.preemptionPolicy come from its PriorityClass (or
 * the global default class, or priority 0 when there is none); a pod may not state a different value itself.
 * An update keeps what the create resolved. A PriorityClass may be the global default only while no other is.
 */
public final class PriorityPlugin implements MutatingPlugin, ValidatingPlugin {

    public static final String NAME = "Priority";
    static final String GROUP = "scheduling.k8s.io";
    /** Upstream's DefaultPriorityWhenNoDefaultClassExists. */
    static final int NO_DEFAULT_PRIORITY = 0;
    static final String PREEMPT_LOWER = "PreemptLowerPriority";

    private final AdmissionLookup lookup;

    public PriorityPlugin(AdmissionEnv env) {
        this.lookup = env.lookup();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        boolean write = r.operation() == Operation.CREATE || r.operation() == Operation.UPDATE;
        return write && r.subresource().isEmpty() && r.object() != null
                && (r.is("", "pods", "") || r.is(GROUP, "priorityclasses", ""));
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        if (!r.resource().equals("pods")) {
            return Future.succeededFuture();
        }
        ObjectNode spec = ObjectFields.object(r.object(), "spec");
        if (r.operation() == Operation.UPDATE) {
            // Priority is immutable; an update that drops it keeps the resolved value rather than failing.
            JsonNode old = r.oldObject() == null ? null : r.oldObject().path("spec");
            for (String field : List.of("priority", "preemptionPolicy")) {
                if (!spec.hasNonNull(field) && old != null && old.hasNonNull(field)) {
                    spec.set(field, old.get(field));
                }
            }
            return Future.succeededFuture();
        }
        String className = ObjectFields.text(spec, "priorityClassName");
        Future<Resolved> resolved = className.isEmpty()
                ? defaultClass().map(pc -> pc.map(Resolved::of).orElse(Resolved.NONE))
                : lookup.get(GROUP, "priorityclasses", "", className).compose(pc -> pc != null
                ? Future.succeededFuture(Resolved.of(pc))
                : Future.failedFuture(AdmissionDenied.forbidden(r, "no PriorityClass with name " + className + " was found")));
        return resolved.compose(pc -> {
            if (className.isEmpty() && !pc.name().isEmpty()) {
                spec.put("priorityClassName", pc.name());
            }
            if (spec.hasNonNull("priority") && spec.get("priority").asLong() != pc.value()) {
                return Future.failedFuture(AdmissionDenied.forbidden(r, "the integer value of priority ("
                        + spec.get("priority").asLong() + ") must not be provided in pod spec; priority admission "
                        + "controller computed " + pc.value() + " from the given PriorityClass name"));
            }
            spec.put("priority", pc.value());
            if (pc.preemptionPolicy() != null) {
                String given = ObjectFields.text(spec, "preemptionPolicy");
                if (!given.isEmpty() && !given.equals(pc.preemptionPolicy())) {
                    return Future.failedFuture(AdmissionDenied.forbidden(r, "the string value of PreemptionPolicy ("
                            + given + ") must not be provided in pod spec; priority admission controller computed "
                            + pc.preemptionPolicy() + " from the given PriorityClass name"));
                }
                spec.put("preemptionPolicy", pc.preemptionPolicy());
            }
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        if (!r.resource().equals("priorityclasses") || !r.object().path("globalDefault").asBoolean(false)) {
            return Future.succeededFuture();
        }
        return defaultClass().compose(existing -> {
            boolean other = existing.isPresent() && (r.operation() == Operation.CREATE
                    || !ObjectFields.name(existing.get()).equals(ObjectFields.name(r.object())));
            return other ? Future.failedFuture(AdmissionDenied.forbidden(r, "PriorityClass "
                    + ObjectFields.name(existing.get()) + " is already marked as default. Only one default can exist"))
                    : Future.succeededFuture();
        });
    }

    /** The global default class; should a race have made two, the one with the lower value, as upstream. */
    private Future<Optional<ObjectNode>> defaultClass() {
        return lookup.list(GROUP, "priorityclasses", "").map(all -> all.stream()
                .filter(pc -> pc.path("globalDefault").asBoolean(false))
                .min(Comparator.comparingLong(pc -> pc.path("value").asLong())));
    }

    /** What a pod gets: class name ("" for none), priority, and preemption policy (null: leave the pod's). */
    private record Resolved(String name, long value, String preemptionPolicy) {

        static final Resolved NONE = new Resolved("", NO_DEFAULT_PRIORITY, PREEMPT_LOWER);

        static Resolved of(JsonNode pc) {
            String policy = pc.path("preemptionPolicy").asText("");
            return new Resolved(ObjectFields.name(pc), pc.path("value").asLong(), policy.isEmpty() ? null : policy);
        }
    }
}
