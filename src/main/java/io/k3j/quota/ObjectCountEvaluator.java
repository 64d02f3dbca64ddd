package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Counts objects of any resource: charges {@code count/<resource>[.<group>]} (and a legacy alias such as
 * {@code configmaps} or {@code secrets}) one per object, on create only. Objects have no scopes.
 */
public record ObjectCountEvaluator(String group, String resource, List<String> names) implements Evaluator {

    public ObjectCountEvaluator {
        names = List.copyOf(names);
    }

    public static ObjectCountEvaluator of(String group, String resource) {
        return new ObjectCountEvaluator(group, resource, List.of(Evaluator.countName(group, resource)));
    }

    public static ObjectCountEvaluator withAlias(String group, String resource, String alias) {
        return new ObjectCountEvaluator(group, resource, List.of(Evaluator.countName(group, resource), alias));
    }

    @Override
    public boolean handles(Operation operation, String subresource, JsonNode object, JsonNode oldObject) {
        return operation == Operation.CREATE && subresource.isEmpty();
    }

    @Override
    public List<String> matchingResources(Collection<String> input) {
        List<String> out = new ArrayList<>();
        for (String n : input) {
            if (names.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public ResourceList usage(JsonNode object, Instant now) {
        ResourceList r = ResourceList.EMPTY;
        for (String n : names) {
            r = r.with(n, Quantity.ONE);
        }
        return r;
    }
}
