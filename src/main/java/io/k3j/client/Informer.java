package io.k3j.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * client-go's reflector + indexer + shared informer in one: lists a resource, then watches from the list's
 * resourceVersion, keeping a local read-only cache and telling handlers about adds, updates and deletes. When the
 * watch ends it resumes from the last resourceVersion seen; when that is too old (410) it lists again and reports
 * the difference as events, so handlers see a consistent sequence. Handlers run on the informer's context.
 *
 * <p>Cached objects are shared: never modify one, copy it ({@code deepCopy()}) before writing it back.
 */
public final class Informer {

    private static final Logger LOG = Logger.getLogger(Informer.class.getName());

    /** Receives changes. Defaults do nothing, so handlers implement what they need. */
    public interface Handler {
        default void onAdd(ObjectNode obj) {
        }

        default void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
        }

        default void onDelete(ObjectNode obj) {
        }
    }

    private final Vertx vertx;
    private final KubeClient client;
    private final GroupVersionResource resource;
    private final String namespace;
    private final ListOptions selectors;
    private final long resyncMillis;
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final Map<String, Function<ObjectNode, Collection<String>>> indexers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<String>>> indices = new ConcurrentHashMap<>();
    private final List<Handler> handlers = new CopyOnWriteArrayList<>();
    /** What every object passes before it is cached: trimmed when the tree is the informer's own. */
    private final UnaryOperator<ObjectNode> base;
    private UnaryOperator<ObjectNode> transform;
    private final Promise<Void> synced = Promise.promise();
    private Context context;
    private String resourceVersion = "";
    private Watch watch;
    private volatile boolean stopped;
    private long backoffMillis = 0;
    private long resyncTimer = -1;

    public Informer(Vertx vertx, KubeClient client, GroupVersionResource resource, String namespace, ListOptions selectors,
                    long resyncMillis) {
        this.vertx = vertx;
        this.client = client;
        this.resource = resource;
        this.namespace = namespace;
        this.selectors = selectors;
        this.resyncMillis = resyncMillis;
        this.base = client.sharesObjects() ? UnaryOperator.identity() : Informer::withoutManagedFields;
        this.transform = base;
    }

    public GroupVersionResource resource() {
        return resource;
    }

    /** Adds an index: {@code fn} gives the index values of an object (e.g. a pod's node name). Before start. */
    public Informer addIndexer(String name, Function<ObjectNode, Collection<String>> fn) {
        indexers.put(name, fn);
        indices.put(name, new ConcurrentHashMap<>());
        return this;
    }

    /**
     * Replaces every object by {@code fn(object)} before it is cached or handed to handlers, e.g. to keep only the
     * metadata of resources a controller needs nothing else of (as client-go's metadata informers). Before start;
     * the result must keep kind, apiVersion and metadata (name, namespace, resourceVersion).
     */
    public Informer withTransform(UnaryOperator<ObjectNode> fn) {
        transform = o -> fn.apply(base.apply(o));
        return this;
    }

    /**
     * No component reads managedFields from its cache, and they are up to half of an object's tree (a pod written
     * by its creator, the scheduler and its node carries three field sets): informers drop them, as many client-go
     * programs do with a transform. Writing such an object back is safe: a body without managedFields keeps the
     * stored ones. Only for trees that are the informer's own (decoded for it), which are changed in place: a
     * client that shares its trees ({@link KubeClient#sharesObjects()}, in-process) keeps them whole, as copying
     * each to trim it would cost more than the fields do.
     */
    static ObjectNode withoutManagedFields(ObjectNode o) {
        if (o.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return o;
    }

    /** Adds a handler; if the cache is already filled, the handler first gets an add for every object. */
    public void addHandler(Handler h) {
        Runnable add = () -> {
            handlers.add(h);
            if (synced.future().isComplete()) {
                objects.values().forEach(h::onAdd);
            }
        };
        if (context == null || Vertx.currentContext() == context) {
            add.run();
        } else {
            context.runOnContext(v -> add.run());
        }
    }

    /** Starts listing and watching on the caller's context; the future completes at the first full list. */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> relist());
        if (resyncMillis > 0) {
            resyncTimer = vertx.setPeriodic(resyncMillis, t -> context.runOnContext(x -> {
                for (ObjectNode o : objects.values()) {
                    handlers.forEach(h -> h.onUpdate(o, o));
                }
            }));
        }
        return synced.future();
    }

    public Future<Void> synced() {
        return synced.future();
    }

    public boolean hasSynced() {
        return synced.future().isComplete();
    }

    public void stop() {
        stopped = true;
        if (resyncTimer >= 0) {
            vertx.cancelTimer(resyncTimer);
        }
        if (watch != null) {
            watch.cancel();
        }
    }

    /** The cached object, or null. */
    public ObjectNode get(String namespace, String name) {
        return objects.get(key(namespace, name));
    }

    public ObjectNode get(String key) {
        return objects.get(key);
    }

    public List<ObjectNode> list() {
        return new ArrayList<>(objects.values());
    }

    public List<ObjectNode> list(String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : objects.values()) {
            if (namespace.equals(namespaceOf(o))) {
                out.add(o);
            }
        }
        return out;
    }

    /** Objects whose index {@code name} holds {@code value}. */
    public List<ObjectNode> byIndex(String name, String value) {
        Set<String> keys = indices.getOrDefault(name, Map.of()).get(value);
        List<ObjectNode> out = new ArrayList<>();
        if (keys != null) {
            for (String k : keys) {
                ObjectNode o = objects.get(k);
                if (o != null) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    public int size() {
        return objects.size();
    }

    /** "namespace/name", or "name" for cluster-scoped objects: the key work queues carry. */
    public static String keyOf(ObjectNode obj) {
        return key(namespaceOf(obj), obj.path("metadata").path("name").asText());
    }

    public static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String namespaceOf(ObjectNode o) {
        return o.path("metadata").path("namespace").asText("");
    }

    private void relist() {
        if (stopped) {
            return;
        }
        client.list(resource, namespace, selectors.withResourceVersion("")).onSuccess(list -> {
            resourceVersion = list.path("metadata").path("resourceVersion").asText();
            Map<String, ObjectNode> fresh = new HashMap<>();
            for (var item : list.path("items")) {
                if (item instanceof ObjectNode listed) {
                    ObjectNode o = listed;
                    if (!o.has("kind")) {
                        // Lists carry kind and apiVersion once; handlers want them on each object.
                        o = client.sharesObjects() ? o.deepCopy() : o;
                        o.put("apiVersion", list.path("apiVersion").asText());
                        o.put("kind", list.path("kind").asText().replaceFirst("List$", ""));
                    }
                    ObjectNode t = transform.apply(o);
                    fresh.put(keyOf(t), t);
                }
            }
            replace(fresh);
            backoffMillis = 0;
            synced.tryComplete();
            watchFrom();
        }).onFailure(e -> retry("list", e, this::relist));
    }

    /** Swaps in a full list, telling handlers what changed since the cache last saw it. */
    private void replace(Map<String, ObjectNode> fresh) {
        for (String k : List.copyOf(objects.keySet())) {
            if (!fresh.containsKey(k)) {
                ObjectNode gone = remove(k);
                handlers.forEach(h -> h.onDelete(gone));
            }
        }
        fresh.forEach((k, o) -> {
            ObjectNode old = put(k, o);
            if (old == null) {
                handlers.forEach(h -> h.onAdd(o));
            } else if (!old.path("metadata").path("resourceVersion").equals(o.path("metadata").path("resourceVersion"))) {
                handlers.forEach(h -> h.onUpdate(old, o));
            }
        });
    }

    private void watchFrom() {
        if (stopped) {
            return;
        }
        ListOptions opts = selectors.withResourceVersion(resourceVersion).withBookmarks(true)
                .withTimeoutSeconds(300 + (long) (Math.random() * 300));
        client.watch(resource, namespace, opts, this::onEvent).onSuccess(w -> {
            watch = w;
            if (stopped) {
                w.cancel();
                return;
            }
            w.closed().onComplete(ar -> {
                if (stopped) {
                    return;
                }
                if (ar.failed() && ar.cause() instanceof KubeApiException k && k.gone()) {
                    relist();
                } else if (ar.failed()) {
                    retry("watch", ar.cause(), this::watchFrom);
                } else {
                    watchFrom();
                }
            });
        }).onFailure(e -> {
            if (e instanceof KubeApiException k && k.gone()) {
                relist();
            } else {
                retry("watch", e, this::watchFrom);
            }
        });
    }

    private void onEvent(WatchEvent e) {
        String rv = e.resourceVersion();
        if (!rv.isEmpty()) {
            resourceVersion = rv;
        }
        if (e.type() == WatchEvent.Type.BOOKMARK) {
            return;
        }
        if (!e.object().has("kind")) {
            return;
        }
        ObjectNode o = transform.apply(e.object());
        String k = keyOf(o);
        switch (e.type()) {
            case ADDED, MODIFIED -> {
                ObjectNode old = put(k, o);
                if (old == null) {
                    handlers.forEach(h -> h.onAdd(o));
                } else {
                    handlers.forEach(h -> h.onUpdate(old, o));
                }
            }
            case DELETED -> {
                ObjectNode old = remove(k);
                handlers.forEach(h -> h.onDelete(old != null ? old : o));
            }
            default -> {
            }
        }
    }

    private ObjectNode put(String k, ObjectNode o) {
        ObjectNode old = objects.put(k, o);
        for (var idx : indexers.entrySet()) {
            Map<String, Set<String>> index = indices.get(idx.getKey());
            if (old != null) {
                for (String v : idx.getValue().apply(old)) {
                    Set<String> s = index.get(v);
                    if (s != null) {
                        s.remove(k);
                    }
                }
            }
            for (String v : idx.getValue().apply(o)) {
                index.computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet()).add(k);
            }
        }
        return old;
    }

    private ObjectNode remove(String k) {
        ObjectNode old = objects.remove(k);
        if (old != null) {
            for (var idx : indexers.entrySet()) {
                Map<String, Set<String>> index = indices.get(idx.getKey());
                for (String v : idx.getValue().apply(old)) {
                    Set<String> s = index.get(v);
                    if (s != null) {
                        s.remove(k);
                    }
                }
            }
        }
        return old;
    }

    private void retry(String what, Throwable e, Runnable again) {
        if (stopped) {
            return;
        }
        backoffMillis = backoffMillis == 0 ? 200 : Math.min(backoffMillis * 2, 30_000);
        LOG.log(backoffMillis >= 3_200 ? Level.WARNING : Level.FINE, what + " failed; retrying",
                new Object[]{"resource", resource.toString(), "error", String.valueOf(e.getMessage()), "in_ms", backoffMillis});
        vertx.setTimer(backoffMillis, t -> context.runOnContext(v -> again.run()));
    }
}
