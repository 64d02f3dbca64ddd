package io.k3j.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.patch.MergePatch;
import io.k3j.api.selector.LabelSelector;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Watch;
import io.k3j.client.WatchEvent;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A KubeClient for tests while the API server does not serve custom resources yet: the add-on groups
 * (k3s.cattle.io, helm.cattle.io) and CRD objects live in memory here, with just enough API semantics (resource
 * versions, merge patch, finalizers, label selectors, watch events, discovery); everything else goes to a real
 * server. Records the writes it handles, for tests that count them.
 */
public final class HybridKubeClient implements KubeClient {

    private static final ObjectMapper M = new ObjectMapper();
    static final Set<String> LOCAL_GROUPS = Set.of("k3s.cattle.io", "helm.cattle.io", "apiextensions.k8s.io");

    private final KubeClient real;
    private final Map<String, ObjectNode> objects = Collections.synchronizedMap(new TreeMap<>());
    private final Map<GroupVersionResource, List<KubeClient.WatchHandler>> watchers = new HashMap<>();
    private final List<String> actions = new CopyOnWriteArrayList<>();
    private long rv = 1000;

    public HybridKubeClient(KubeClient real) {
        this.real = real;
    }

    public List<String> actions() {
        return List.copyOf(actions);
    }

    public void clearActions() {
        actions.clear();
    }

    /** The add-on groups, CRDs, and the groups of CRDs created here. */
    private boolean local(GroupVersionResource r) {
        return LOCAL_GROUPS.contains(r.group()) || localGroupVersions().contains(r.apiVersion());
    }

    private static String key(GroupVersionResource r, String ns, String name) {
        return r.group() + "/" + r.resource() + "/" + ns + "/" + name;
    }

    private static <T> Future<T> notFound(GroupVersionResource r, String name) {
        return Future.failedFuture(new KubeApiException(404, "NotFound",
                r.resource() + "." + r.group() + " \"" + name + "\" not found", null));
    }

    private synchronized ObjectNode store(GroupVersionResource r, String ns, ObjectNode obj, WatchEvent.Type type) {
        ObjectNode meta = obj.with("metadata");
        meta.put("resourceVersion", String.valueOf(++rv));
        if (!meta.has("uid")) {
            meta.put("uid", UUID.randomUUID().toString());
            meta.put("creationTimestamp", Instant.now().toString());
        }
        if (!ns.isEmpty()) {
            meta.put("namespace", ns);
        }
        if (type == WatchEvent.Type.ADDED || meta.has("generation") == false) {
            meta.put("generation", 1);
        }
        objects.put(key(r, ns, meta.path("name").asText()), obj.deepCopy());
        notifyWatchers(r, type, obj);
        return obj.deepCopy();
    }

    private void notifyWatchers(GroupVersionResource r, WatchEvent.Type type, ObjectNode obj) {
        List<KubeClient.WatchHandler> hs;
        synchronized (watchers) {
            hs = new ArrayList<>(watchers.getOrDefault(r, List.of()));
        }
        for (KubeClient.WatchHandler h : hs) {
            h.onEvent(new WatchEvent(type, obj.deepCopy()));
        }
    }

    @Override
    public Future<ObjectNode> get(GroupVersionResource r, String namespace, String name) {
        if (!local(r)) {
            return real.get(r, namespace, name);
        }
        ObjectNode o = objects.get(key(r, namespace, name));
        return o == null ? notFound(r, name) : Future.succeededFuture(o.deepCopy());
    }

    @Override
    public Future<ObjectNode> list(GroupVersionResource r, String namespace, ListOptions options) {
        if (!local(r)) {
            return real.list(r, namespace, options);
        }
        ObjectNode list = M.createObjectNode().put("apiVersion", r.apiVersion()).put("kind", "List");
        list.putObject("metadata").put("resourceVersion", String.valueOf(rv));
        ArrayNode items = list.putArray("items");
        String prefix = r.group() + "/" + r.resource() + "/" + (namespace.isEmpty() ? "" : namespace + "/");
        LabelSelector sel;
        try {
            sel = options.labelSelector().isEmpty() ? LabelSelector.everything() : LabelSelector.parse(options.labelSelector());
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        synchronized (objects) {
            for (Map.Entry<String, ObjectNode> e : objects.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    Map<String, String> labels = new HashMap<>();
                    e.getValue().path("metadata").path("labels").fields()
                            .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
                    if (sel.matches(labels)) {
                        items.add(e.getValue().deepCopy());
                    }
                }
            }
        }
        return Future.succeededFuture(list);
    }

    @Override
    public Future<ObjectNode> createSubresource(GroupVersionResource r, String namespace, String name, String subresource,
                                                ObjectNode body, WriteOptions options) {
        return real.createSubresource(r, namespace, name, subresource, body, options);
    }

    @Override
    public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        if (!local(r)) {
            return real.create(r, namespace, obj, options);
        }
        String name = obj.path("metadata").path("name").asText();
        actions.add("create " + r.resource() + " " + namespace + "/" + name);
        if (objects.containsKey(key(r, namespace, name))) {
            return Future.failedFuture(new KubeApiException(409, "AlreadyExists", name + " already exists", null));
        }
        ObjectNode copy = obj.deepCopy();
        if ("customresourcedefinitions".equals(r.resource())) {
            established(copy);
        }
        return Future.succeededFuture(store(r, namespace, copy, WatchEvent.Type.ADDED));
    }

    @Override
    public Future<ObjectNode> update(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        if (!local(r)) {
            return real.update(r, namespace, obj, options);
        }
        String name = obj.path("metadata").path("name").asText();
        actions.add("update " + r.resource() + " " + namespace + "/" + name);
        ObjectNode cur = objects.get(key(r, namespace, name));
        if (cur == null) {
            return notFound(r, name);
        }
        String want = obj.path("metadata").path("resourceVersion").asText("");
        if (!want.isEmpty() && !want.equals(cur.path("metadata").path("resourceVersion").asText())) {
            return Future.failedFuture(new KubeApiException(409, "Conflict", "the object has been modified", null));
        }
        return Future.succeededFuture(write(r, namespace, obj.deepCopy()));
    }

    private ObjectNode write(GroupVersionResource r, String namespace, ObjectNode next) {
        String name = next.path("metadata").path("name").asText();
        ObjectNode cur = objects.get(key(r, namespace, name));
        next.with("metadata").put("uid", cur.path("metadata").path("uid").asText());
        if (!cur.path("spec").equals(next.path("spec"))) {
            next.with("metadata").put("generation", cur.path("metadata").path("generation").asLong() + 1);
        } else {
            next.with("metadata").put("generation", cur.path("metadata").path("generation").asLong(1));
        }
        if (next.path("metadata").has("deletionTimestamp") && next.path("metadata").path("finalizers").isEmpty()) {
            objects.remove(key(r, namespace, name));
            notifyWatchers(r, WatchEvent.Type.DELETED, next);
            return next;
        }
        return store(r, namespace, next, WatchEvent.Type.MODIFIED);
    }

    @Override
    public Future<ObjectNode> updateStatus(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
        if (!local(r)) {
            return real.updateStatus(r, namespace, obj, options);
        }
        String name = obj.path("metadata").path("name").asText();
        ObjectNode cur = objects.get(key(r, namespace, name));
        if (cur == null) {
            return notFound(r, name);
        }
        ObjectNode next = cur.deepCopy();
        next.set("status", obj.path("status").deepCopy());
        return Future.succeededFuture(write(r, namespace, next));
    }

    @Override
    public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type, String body,
                                    String subresource, WriteOptions options) {
        if (!local(r)) {
            return real.patch(r, namespace, name, type, body, subresource, options);
        }
        actions.add("patch " + r.resource() + (subresource.isEmpty() ? "" : "/" + subresource) + " " + namespace + "/" + name);
        try {
            JsonNode patch = M.readTree(body);
            ObjectNode cur = objects.get(key(r, namespace, name));
            if (type == PatchType.APPLY) {
                if (cur == null) {
                    ObjectNode obj = (ObjectNode) patch;
                    if ("customresourcedefinitions".equals(r.resource())) {
                        established(obj);
                    }
                    return Future.succeededFuture(store(r, namespace, obj, WatchEvent.Type.ADDED));
                }
                type = PatchType.MERGE;
            }
            if (cur == null) {
                return notFound(r, name);
            }
            if (type != PatchType.MERGE) {
                return Future.failedFuture(new UnsupportedOperationException(type + " in HybridKubeClient"));
            }
            String want = patch.path("metadata").path("resourceVersion").asText("");
            if (!want.isEmpty() && !want.equals(cur.path("metadata").path("resourceVersion").asText())) {
                return Future.failedFuture(new KubeApiException(409, "Conflict", "the object has been modified", null));
            }
            ObjectNode next;
            if ("status".equals(subresource)) {
                next = cur.deepCopy();
                next.set("status", MergePatch.apply(cur.path("status").isMissingNode() ? M.createObjectNode()
                        : cur.get("status"), patch.path("status")));
            } else {
                next = (ObjectNode) MergePatch.apply(cur, patch);
                if (cur.has("status")) {
                    next.set("status", cur.get("status").deepCopy()); // the main resource ignores status
                }
            }
            return Future.succeededFuture(write(r, namespace, next));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<JsonNode> delete(GroupVersionResource r, String namespace, String name, DeleteOptions options) {
        if (!local(r)) {
            return real.delete(r, namespace, name, options);
        }
        actions.add("delete " + r.resource() + " " + namespace + "/" + name);
        ObjectNode cur = objects.get(key(r, namespace, name));
        if (cur == null) {
            return notFound(r, name);
        }
        if (!cur.path("metadata").path("finalizers").isEmpty()) {
            if (!cur.path("metadata").has("deletionTimestamp")) {
                cur.with("metadata").put("deletionTimestamp", Instant.now().toString());
                store(r, namespace, cur, WatchEvent.Type.MODIFIED);
            }
            return Future.succeededFuture(cur.deepCopy());
        }
        objects.remove(key(r, namespace, name));
        notifyWatchers(r, WatchEvent.Type.DELETED, cur);
        return Future.succeededFuture(cur);
    }

    @Override
    public Future<JsonNode> deleteCollection(GroupVersionResource r, String namespace, ListOptions options,
                                             DeleteOptions deleteOptions) {
        if (!local(r)) {
            return real.deleteCollection(r, namespace, options, deleteOptions);
        }
        return Future.failedFuture(new UnsupportedOperationException("deletecollection in HybridKubeClient"));
    }

    @Override
    public Future<Watch> watch(GroupVersionResource r, String namespace, ListOptions options, WatchHandler handler) {
        if (!local(r)) {
            return real.watch(r, namespace, options, handler);
        }
        // Events reach the watcher on its own context, as the real client delivers them.
        io.vertx.core.Context ctx = io.vertx.core.Vertx.currentContext();
        KubeClient.WatchHandler delivering = ctx == null ? handler : ev -> ctx.runOnContext(v -> handler.onEvent(ev));
        synchronized (watchers) {
            watchers.computeIfAbsent(r, k -> new CopyOnWriteArrayList<>()).add(delivering);
        }
        Promise<Void> closed = Promise.promise();
        return Future.succeededFuture(new Watch() {
            @Override
            public void cancel() {
                synchronized (watchers) {
                    watchers.get(r).remove(delivering);
                }
                closed.tryComplete();
            }

            @Override
            public Future<Void> closed() {
                return closed.future();
            }
        });
    }

    /** Discovery: the real server's documents, plus the kinds of the CRDs held here. */
    @Override
    public Future<JsonNode> getPath(String path) {
        if (path.equals("/apis")) {
            return real.getPath(path).map(doc -> {
                ArrayNode groups = ((ObjectNode) doc).withArray("groups");
                for (String gv : localGroupVersions()) {
                    ObjectNode g = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
                    g.putArray("versions").addObject().put("groupVersion", gv).put("version", gv.substring(gv.indexOf('/') + 1));
                }
                return doc;
            });
        }
        for (String gv : localGroupVersions()) {
            if (path.equals("/apis/" + gv)) {
                ObjectNode doc = M.createObjectNode().put("kind", "APIResourceList").put("groupVersion", gv);
                ArrayNode res = doc.putArray("resources");
                for (ObjectNode crd : crds()) {
                    String group = crd.path("spec").path("group").asText();
                    for (JsonNode v : crd.path("spec").path("versions")) {
                        if ((group + "/" + v.path("name").asText()).equals(gv)) {
                            res.addObject().put("name", crd.path("spec").path("names").path("plural").asText())
                                    .put("kind", crd.path("spec").path("names").path("kind").asText())
                                    .put("namespaced", "Namespaced".equals(crd.path("spec").path("scope").asText()));
                        }
                    }
                }
                return Future.succeededFuture(doc);
            }
        }
        return real.getPath(path);
    }

    private List<ObjectNode> crds() {
        List<ObjectNode> out = new ArrayList<>();
        synchronized (objects) {
            objects.forEach((k, v) -> {
                if (k.startsWith("apiextensions.k8s.io/customresourcedefinitions/")) {
                    out.add(v);
                }
            });
        }
        return out;
    }

    private List<String> localGroupVersions() {
        List<String> out = new ArrayList<>();
        for (ObjectNode crd : crds()) {
            for (JsonNode v : crd.path("spec").path("versions")) {
                String gv = crd.path("spec").path("group").asText() + "/" + v.path("name").asText();
                if (!out.contains(gv)) {
                    out.add(gv);
                }
            }
        }
        return out;
    }

    private static void established(ObjectNode crd) {
        crd.putObject("status").putArray("conditions").addObject().put("type", "Established").put("status", "True");
    }
}
