package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An informer's cache overlaid with the objects this controller just wrote, as upstream's binder keeps its own
 * store updated with what it saved: binding writes four objects in a row, and a sync triggered by the first echo
 * must not see the older versions of the others and "fix" them into a conflict. An overlay entry is dropped once
 * the informer has caught up with it (or lost the object).
 */
final class LatestObjects {

    private final Informer informer;
    private final Map<String, ObjectNode> written = new ConcurrentHashMap<>();

    LatestObjects(Informer informer) {
        this.informer = informer;
    }

    Informer informer() {
        return informer;
    }

    /** The newest known version of the object under {@code key}, or null when the informer no longer has it. */
    ObjectNode get(String key) {
        ObjectNode cached = informer.get(key);
        ObjectNode mine = written.get(key);
        if (mine == null) {
            return cached;
        }
        if (cached == null || revision(cached) >= revision(mine)) {
            written.remove(key, mine);
            return cached;
        }
        return mine;
    }

    List<ObjectNode> list() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : informer.list()) {
            ObjectNode latest = get(Informer.keyOf(o));
            if (latest != null) {
                out.add(latest);
            }
        }
        return out;
    }

    /** Records what the API server answered to one of our writes. */
    ObjectNode remember(ObjectNode obj) {
        written.put(Informer.keyOf(obj), obj);
        return obj;
    }

    private static long revision(ObjectNode o) {
        try {
            return Long.parseLong(o.path("metadata").path("resourceVersion").asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
