package io.k3j.addons;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records core/v1 Events about an object, as client-go's event recorder does, so {@code kubectl describe} and
 * {@code kubectl get events} show what a controller did. Recording is best effort: a failure is logged at FINE
 * and never fails the caller's work.
 */
public final class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private final KubeClient client;
    private final String component;
    private final String host;
    private final Clock clock;

    public EventRecorder(KubeClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
    }

    /** Records an event on {@code obj} (a served object with apiVersion, kind, metadata.name/namespace/uid). */
    public Future<Void> record(ObjectNode obj, String type, String reason, String message) {
        ObjectNode ev = event(obj, type, reason, message);
        String ns = ev.path("metadata").path("namespace").asText();
        return client.create(EVENTS, ns, ev, WriteOptions.manager(component))
                .<Void>mapEmpty()
                .recover(e -> {
                    LOG.log(Level.FINE, "cannot record event", new Object[]{"reason", reason, "error", e.getMessage()});
                    return Future.succeededFuture();
                });
    }

    ObjectNode event(ObjectNode obj, String type, String reason, String message) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String name = obj.path("metadata").path("name").asText();
        String namespace = obj.path("metadata").path("namespace").asText("");
        ObjectNode ev = f.objectNode().put("apiVersion", "v1").put("kind", "Event");
        // Upstream names events <object>.<hex nanos>; the clock is only there to make names unique.
        ev.putObject("metadata").put("name", name + "." + Long.toHexString(clock.instant().toEpochMilli() * 1_000_000L
                        + System.nanoTime() % 1_000_000L))
                .put("namespace", namespace.isEmpty() ? "default" : namespace);
        ObjectNode involved = ev.putObject("involvedObject")
                .put("apiVersion", obj.path("apiVersion").asText())
                .put("kind", obj.path("kind").asText())
                .put("name", name)
                .put("uid", obj.path("metadata").path("uid").asText())
                .put("resourceVersion", obj.path("metadata").path("resourceVersion").asText());
        if (!namespace.isEmpty()) {
            involved.put("namespace", namespace);
        }
        ev.put("reason", reason).put("message", message).put("type", type)
                .put("firstTimestamp", now.toString()).put("lastTimestamp", now.toString()).put("count", 1)
                .put("reportingComponent", component).put("reportingInstance", host);
        ev.putObject("source").put("component", component).put("host", host);
        return ev;
    }
}
