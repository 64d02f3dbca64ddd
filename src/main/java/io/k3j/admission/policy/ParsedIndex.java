package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The parsed form of every object of one resource, read through the lookup (the watch cache hands out the same
 * object until it changes): an object is parsed — its CEL compiled — once per version, not per request. Ordered by
 * name. Lock-free: an immutable snapshot swapped atomically, shared by every event loop.
 */
final class ParsedIndex<T> {

    private record Snapshot<T>(Map<ObjectNode, T> parsed, List<T> all) {
    }

    private final AdmissionLookup lookup;
    private final String group;
    private final String resource;
    private final Function<ObjectNode, T> parser;
    private final AtomicReference<Snapshot<T>> snapshot = new AtomicReference<>(new Snapshot<>(Map.of(), List.of()));

    ParsedIndex(AdmissionLookup lookup, String group, String resource, Function<ObjectNode, T> parser) {
        this.lookup = lookup;
        this.group = group;
        this.resource = resource;
        this.parser = parser;
    }

    Future<List<T>> all() {
        return lookup.list(group, resource, "").map(this::refresh);
    }

    private List<T> refresh(List<ObjectNode> objects) {
        Snapshot<T> last = snapshot.get();
        if (objects.size() == last.parsed().size() && objects.stream().allMatch(last.parsed()::containsKey)) {
            return last.all();
        }
        Map<ObjectNode, T> next = new IdentityHashMap<>();
        for (ObjectNode o : objects) {
            T known = last.parsed().get(o);
            next.put(o, known != null ? known : parser.apply(o));
        }
        List<ObjectNode> ordered = new ArrayList<>(objects);
        ordered.sort(Comparator.comparing(o -> o.path("metadata").path("name").asText()));
        List<T> all = new ArrayList<>();
        ordered.forEach(o -> all.add(next.get(o)));
        Snapshot<T> fresh = new Snapshot<>(Collections.unmodifiableMap(next), List.copyOf(all));
        snapshot.set(fresh);
        return fresh.all();
    }
}
