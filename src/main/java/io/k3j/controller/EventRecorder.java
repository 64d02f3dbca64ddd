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
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final ObjectMapper M = new ObjectMapper();
    private static final int REMEMBERED = 4096;

    /**
     * client-go's spam filter: each repeated event spends a token; there are {@value #BURST} and one comes back
     * every five minutes. A pod the scheduler retries on every cluster event would otherwise patch its Event as
     * often as the cluster changes. Occurrences past the budget are still counted and go out with the next write.
     */
    static final int BURST = 25;
    static final long REFILL_MILLIS = 300_000;

    private static final class Seen {
        final String namespace;
        final String name;
        int count = 1;
        double tokens = BURST - 1;
        long refilledAt;

        Seen(String namespace, String name, long now) {
            this.namespace = namespace;
            this.name = name;
            this.refilledAt = now;
        }

        boolean take(long now) {
            tokens = Math.min(BURST, tokens + (now - refilledAt) / (double) REFILL_MILLIS);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
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
        return record(obj, NORMAL, reason, message);
    }

    public Future<Void> warning(ObjectNode obj, String reason, String message) {
        return record(obj, WARNING, reason, message);
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
            s.count++;
            if (!s.take(clock.millis())) {
                return Future.succeededFuture();
            }
            String patch = "{\"count\":" + s.count + ",\"lastTimestamp\":\"" + now + "\"}";
            return client.patch(EVENTS, s.namespace, s.name, PatchType.MERGE, patch, "", WriteOptions.manager(component))
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
        seen.put(key, new Seen(eventNs, name, clock.millis()));
        return client.create(EVENTS, eventNs, ev, WriteOptions.manager(component)).<Void>mapEmpty()
                .recover(e -> Future.succeededFuture());
    }
}
