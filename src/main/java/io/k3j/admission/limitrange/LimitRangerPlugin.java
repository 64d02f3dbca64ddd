package io.k3j.admission.limitrange;

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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Upstream's LimitRanger. Mutating: containers and init containers of a new pod get the default requests and
 * limits of the namespace's LimitRanges (Container entries) they lack, and the pod is annotated with what was
 * set. Validating: a new pod's containers and the pod as a whole, and a PersistentVolumeClaim's requests, must
 * stay within each LimitRange's min, max and max limit/request ratio.
 */
public final class LimitRangerPlugin implements MutatingPlugin, ValidatingPlugin {

    public static final String NAME = "LimitRanger";
    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    private final AdmissionLookup lookup;

    public LimitRangerPlugin(AdmissionEnv env) {
        this.lookup = env.lookup();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * New pods (their containers cannot change later, so updates are left alone as upstream does) and new or
     * changed claims; never subresources, never an object already being deleted.
     */
    @Override
    public boolean handles(AdmissionRequest r) {
        if (!r.subresource().isEmpty() || !r.group().isEmpty() || r.object() == null) {
            return false;
        }
        if (r.oldObject() != null && r.oldObject().path("metadata").hasNonNull("deletionTimestamp")) {
            return false;
        }
        return switch (r.resource()) {
            case "pods" -> r.operation() == Operation.CREATE;
            case "persistentvolumeclaims" -> r.operation() == Operation.CREATE || r.operation() == Operation.UPDATE;
            default -> false;
        };
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        if (!r.resource().equals("pods")) {
            return Future.succeededFuture();
        }
        return limitRanges(r).map(ranges -> {
            for (JsonNode range : ranges) {
                PodDefaults.apply(LimitItem.of(range), r.object());
            }
            return null;
        });
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        return limitRanges(r).compose(ranges -> {
            for (JsonNode range : ranges) {
                List<String> errors = new ArrayList<>();
                for (LimitItem item : LimitItem.of(range)) {
                    if (r.resource().equals("pods")) {
                        PodLimits.check(item, r.object(), errors);
                    } else if (item.type().equals(LimitItem.PVC)) {
                        checkClaim(item, r.object(), errors);
                    }
                }
                if (!errors.isEmpty()) {
                    return Future.failedFuture(AdmissionDenied.forbidden(r, aggregate(errors)));
                }
            }
            return Future.succeededFuture();
        });
    }

    /** A claim's limits are not user input: min holds against requests only, max against requests. */
    private static void checkClaim(LimitItem item, ObjectNode claim, List<String> errors) {
        var requests = Resources.of(claim.path("spec").path("resources").path("requests"));
        item.min().forEach((k, v) -> Constraints.min(item.type(), k, v, requests, java.util.Map.of(), errors));
        item.max().forEach((k, v) -> Constraints.maxRequest(item.type(), k, v, requests, errors));
    }

    /** The namespace's LimitRanges in name order (upstream's order is the lister's, unspecified). */
    private Future<List<ObjectNode>> limitRanges(AdmissionRequest r) {
        return lookup.list("", "limitranges", r.namespace()).map(list -> list.stream()
                .sorted(Comparator.comparing(ObjectFields::name)).toList());
    }

    /** apimachinery's aggregate error text: one message alone, several (duplicates dropped) in brackets. */
    static String aggregate(List<String> errors) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(errors));
        return unique.size() == 1 ? unique.getFirst() : "[" + String.join(", ", unique) + "]";
    }
}
