package io.k3j.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.Watch;
import io.k3j.client.WatchEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * List, then watch from the list's resourceVersion, for ever: resumes after a server-side timeout, lists again
 * after 410 Gone, retries after a second when the resource is not served yet (a CRD still being set up) or the
 * connection broke. Hands every object it sees to {@code onObject} (listed ones as ADDED) on the caller's context;
 * controllers enqueue keys from it and read current state themselves, so a replay is harmless.
 */
public final class Reflector {

    private static final Logger LOG = Logger.getLogger(Reflector.class.getName());

    private final Vertx vertx;
    private final KubeClient client;
    private final GroupVersionResource resource;
    private final Consumer<WatchEvent> onEvent;
    private Watch watch;
    private boolean stopped;
    private boolean synced;

    public Reflector(Vertx vertx, KubeClient client, GroupVersionResource resource, Consumer<WatchEvent> onEvent) {
        this.vertx = vertx;
        this.client = client;
        this.resource = resource;
        this.onEvent = onEvent;
    }

    public void start() {
        list();
    }

    /** Whether a first list has been delivered. */
    public boolean synced() {
        return synced;
    }

    public void stop() {
        stopped = true;
        if (watch != null) {
            watch.cancel();
        }
    }

    private void list() {
        if (stopped) {
            return;
        }
        client.list(resource, "", ListOptions.NONE).onComplete(ar -> {
            if (ar.failed()) {
                retry("list", ar.cause());
                return;
            }
            ObjectNode list = ar.result();
            for (JsonNode item : list.path("items")) {
                onEvent.accept(new WatchEvent(WatchEvent.Type.ADDED, (ObjectNode) item));
            }
            synced = true;
            watchFrom(list.path("metadata").path("resourceVersion").asText(""));
        });
    }

    private void watchFrom(String rv) {
        if (stopped) {
            return;
        }
        String[] last = {rv};
        client.watch(resource, "", ListOptions.NONE.withResourceVersion(rv).withBookmarks(true), ev -> {
            last[0] = ev.resourceVersion().isEmpty() ? last[0] : ev.resourceVersion();
            if (ev.type() != WatchEvent.Type.BOOKMARK) {
                onEvent.accept(ev);
            }
        }).onComplete(ar -> {
            if (ar.failed()) {
                retry("watch", ar.cause());
                return;
            }
            watch = ar.result();
            watch.closed().onComplete(closed -> {
                watch = null;
                if (stopped) {
                    return;
                }
                if (closed.succeeded()) {
                    watchFrom(last[0]);
                } else if (closed.cause() instanceof KubeApiException k && k.gone()) {
                    list();
                } else {
                    retry("watch", closed.cause());
                }
            });
        });
    }

    private void retry(String what, Throwable cause) {
        if (stopped) {
            return;
        }
        LOG.log(Level.FINE, "list/watch failed, retrying", new Object[]{"resource", resource.toString(), "op", what,
                "error", String.valueOf(cause.getMessage())});
        vertx.setTimer(1000, t -> list());
    }

    /** {@code namespace/name} of an object. */
    public static String key(JsonNode obj) {
        return obj.path("metadata").path("namespace").asText("") + "/" + obj.path("metadata").path("name").asText();
    }
}
