package io.k3j.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records core/v1 Events about objects, as client-go's recorder: the same reason and message on the same object
 * within a while bumps {@code count} and {@code lastTimestamp} on the existing Event instead of creating another,
 * so a controller retrying in a loop does not flood the store. Best effort: a failed write is dropped, never retried
 * in a way that blocks the controller.
 */
public final class EventRecorder {

    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    private static final ObjectMapper M = new ObjectMapper();
    private static final int REMEMBERED = 4096;

    private record Seen(String namespace, String name, int count) {
    }

    private final KubeClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final Map<String, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > REMEMBERED;
        }
    };

    public EventRecorder(KubeClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    public Future<Void> normal(ObjectNode obj, String reason, String message) {
        return record(obj, "Normal", reason, message);
    }

    public Future<Void> warning(ObjectNode obj, String reason, String message) {
        return record(obj, "Warning", reason, message);
    }

    public synchronized Future<Void> record(ObjectNode obj, String type, String reason, String message) {
        var meta = obj.path("metadata");
        String ns = meta.path("namespace").asText("");
        String eventNs = ns.isEmpty() ? "default" : ns;
        String uid = meta.path("uid").asText("");
        String key = uid + "\u0000" + type + "\u0000" + reason + "\u0000" + message;
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        Seen s = seen.get(key);
        if (s != null) {
            int count = s.count() + 1;
            seen.put(key, new Seen(s.namespace(), s.name(), count));
            String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}";
            return client.patch(EVENTS, s.namespace(), s.name(), PatchType.MERGE, patch, "", WriteOptions.manager(component))
                    .<Void>mapEmpty().recover(e -> {
                        synchronized (this) {
                            seen.remove(key); // expired (events live an hour): the next one creates a fresh Event
                        }
                        return Future.succeededFuture();
                    });
        }
        String name = meta.path("name").asText() + "." + Long.toHexString(clock.millis() * 1_000_000L
                + ThreadLocalRandom.current().nextInt(1_000_000));
        ObjectNode ev = M.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        ev.putObject("metadata").put("name", name).put("namespace", eventNs);
        ObjectNode ref = ev.putObject("involvedObject");
        ref.put("apiVersion", obj.path("apiVersion").asText()).put("kind", obj.path("kind").asText())
                .put("name", meta.path("name").asText()).put("uid", uid)
                .put("resourceVersion", meta.path("resourceVersion").asText());
        if (!ns.isEmpty()) {
            ref.put("namespace", ns);
        }
        ev.put("reason", reason).put("message", message).put("type", type)
                .put("firstTimestamp", now).put("lastTimestamp", now).put("count", 1)
                .put("reportingComponent", component).put("reportingInstance", host);
        ev.putObject("source").put("component", component).put("host", host);
        seen.put(key, new Seen(eventNs, name, 1));
        return client.create(EVENTS, eventNs, ev, WriteOptions.manager(component)).<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }
}
