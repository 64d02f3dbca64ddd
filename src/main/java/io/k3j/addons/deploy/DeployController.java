package io.k3j.addons.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.addons.AddonCrds;
import io.k3j.addons.ApiResources;
import io.k3j.controller.EventRecorder;
import io.k3j.api.GroupVersionKind;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The deploy controller: keeps the objects in {@code <data-dir>/server/manifests} applied, one {@code Addon}
 * (kube-system) per file, as K3s's deploy controller does, but reacting to file changes at once (a file watcher)
 * with K3s's 15 s rescan kept as a safety net.
 *
 * <p>Per changed file: Event ApplyingManifest; each document parsed on its own (a broken one gets
 * ParseManifestFailed with its number, the others are still applied, nothing is pruned); objects applied with
 * server-side apply under the field manager {@value #FIELD_MANAGER}, marked as the Addon's ({@link Ownership}); objects
 * the file no longer holds deleted; then the Addon records the file's SHA-256 and the applied kinds, and Event
 * AppliedManifest. A file whose SHA-256 equals its Addon's is not applied again, across restarts too. Deleting a file
 * leaves its objects, as in K3s. {@code --disable NAME} deletes the objects, the file and the Addon.
 *
 * <p>File work runs on worker threads; API work is asynchronous on this verticle's event loop; files are handled
 * one at a time, so a slow or broken file delays but never blocks the others.
 */
public final class DeployController extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(DeployController.class.getName());
    public static final String FIELD_MANAGER = "k3j-deploy";
    public static final String NAMESPACE = "kube-system";
    public static final String GVKS_ANNOTATION = "addon.k3s.cattle.io/gvks";
    static final GroupVersionKind CRD_KIND = new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition");

    private final KubeClient client;
    private final DeploySettings settings;
    private EventRecorder events;
    private ApiResources resources;
    private DirectoryWatcher watcher;
    private long rescanTimer = -1;
    private long debounceTimer = -1;
    private boolean scanning;
    private boolean rescanWanted;
    private boolean stopped;
    /** What the last scans saw per file: lets an unchanged file (same size and mtime) skip even being read. */
    private final Map<Path, Seen> seen = new HashMap<>();
    private Promise<Void> firstPass = Promise.promise();

    /** A file as last handled: {@code done} when nothing is left to do until it changes. */
    private record Seen(long mtime, long size, String checksum, boolean done) {
    }

    /** A file to handle in this pass, read and parsed (null content: disabled, to be removed). */
    private record Work(ManifestFile file, byte[] content, String checksum, long mtime, long size,
                        ManifestDocuments.Parsed parsed) {
    }

    public DeployController(KubeClient client, DeploySettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Completes after the first pass over the directory (tests and benchmarks wait on it). */
    public Future<Void> firstPass() {
        return firstPass.future();
    }

    @Override
    public Future<?> start() {
        events = new EventRecorder(client, "deploy", settings.host(), Clock.systemUTC());
        resources = new ApiResources(client);
        return vertx.executeBlocking(() -> {
            List<String> staged = PackagedManifests.stage(settings.packagedRoot(), settings.manifestsDir(),
                    settings.templateVars(), settings.disabled());
            LOG.log(Level.FINE, "packaged manifests written", new Object[]{"files", staged.size()});
            return null;
        }).compose(v -> {
            // The controller starts even when the Addon CRD cannot be set up yet; every pass retries it.
            installCrd().onSuccess(x -> requestScan()).onFailure(e -> requestScan());
            try {
                watcher = new DirectoryWatcher(settings.manifestsDir(), () -> {
                    if (!stopped) {
                        context.runOnContext(x -> requestScan());
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot watch the manifests directory; rescanning every "
                        + settings.rescan().toSeconds() + "s only", new Object[]{"error", e.getMessage()});
            }
            rescanTimer = vertx.setPeriodic(settings.rescan().toMillis(), t -> requestScan());
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(rescanTimer);
        vertx.cancelTimer(debounceTimer);
        if (watcher != null) {
            watcher.close();
        }
        return Future.succeededFuture();
    }

    private boolean crdReady;
    private boolean crdWarned;

    private Future<Void> installCrd() {
        if (crdReady) {
            return Future.succeededFuture();
        }
        return AddonCrds.install(vertx, client, List.of("addons.k3s.cattle.io"), 10_000)
                .onSuccess(v -> crdReady = true)
                .onFailure(e -> {
                    // Said once at WARNING; every pass retries, quietly.
                    LOG.log(crdWarned ? Level.FINE : Level.WARNING, "cannot install the Addon CRD yet; retrying",
                            new Object[]{"error", e.getMessage()});
                    crdWarned = true;
                });
    }

    /** A change was seen: scan soon, coalescing bursts of file events (an editor's save is several). */
    void requestScan() {
        if (stopped) {
            return;
        }
        if (scanning) {
            rescanWanted = true;
            return;
        }
        if (debounceTimer < 0) {
            debounceTimer = vertx.setTimer(30, t -> {
                debounceTimer = -1;
                scan();
            });
        }
    }

    private void scan() {
        scanning = true;
        rescanWanted = false;
        Map<Path, Seen> known = Map.copyOf(seen);
        installCrd()
                .compose(v -> vertx.executeBlocking(() -> readChanges(known)))
                .compose(this::handleAll)
                .compose(v -> disableLeftovers())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.log(Level.WARNING, "manifests pass failed", new Object[]{"error", String.valueOf(ar.cause().getMessage())});
                    } else {
                        firstPass.tryComplete();
                    }
                    scanning = false;
                    if (rescanWanted) {
                        requestScan();
                    }
                });
    }

    /** Worker thread: the files that changed since {@code known}, read and checksummed, and the disabled ones. */
    private List<Work> readChanges(Map<Path, Seen> known) throws IOException {
        ManifestScanner.Result r = ManifestScanner.scan(settings.manifestsDir());
        for (ManifestScanner.Problem p : r.problems()) {
            LOG.log(Level.WARNING, "manifest ignored", new Object[]{"file", p.path(), "reason", p.message()});
        }
        List<Work> out = new ArrayList<>();
        for (ManifestFile f : r.files()) {
            if (settings.disabled().stream().anyMatch(d -> ManifestScanner.disabledBy(f, d))) {
                out.add(new Work(f, null, "", 0, 0, null));
                continue;
            }
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(f.path(), BasicFileAttributes.class);
            } catch (IOException e) {
                continue; // deleted since the scan
            }
            long mtime = a.lastModifiedTime().toMillis();
            Seen s = known.get(f.path());
            // K3s re-reads files whose mtime is the epoch (Nix store copies) every time; so do we.
            if (s != null && s.done() && s.mtime() == mtime && s.size() == a.size() && mtime != 0) {
                continue;
            }
            byte[] content;
            try {
                content = Files.readAllBytes(f.path());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read manifest", new Object[]{"file", f.path(), "error", e.getMessage()});
                continue;
            }
            String sum = sha256(content);
            if (s != null && s.done() && s.checksum().equals(sum)) {
                continue;
            }
            out.add(new Work(f, content, sum, mtime, content.length,
                    ManifestDocuments.parse(f.path().getFileName().toString(), content)));
        }
        return out;
    }

    private Future<Void> handleAll(List<Work> work) {
        Future<Void> chain = Future.succeededFuture();
        for (Work w : work) {
            chain = chain.compose(v -> (w.content() == null ? disable(w.file()) : sync(w))
                    .recover(e -> {
                        // One file's failure never stops the others; the next pass retries it.
                        LOG.log(Level.WARNING, "manifest not applied", new Object[]{"file", w.file().path(),
                                "error", String.valueOf(e.getMessage())});
                        return Future.succeededFuture();
                    }));
        }
        return chain;
    }

    private Future<Void> sync(Work w) {
        ManifestFile f = w.file();
        String source = f.path().toString();
        return getAddon(f.addonName()).compose(addon -> {
            if (addon != null && w.checksum().equals(addon.path("spec").path("checksum").asText())
                    && source.equals(addon.path("spec").path("source").asText())) {
                seen.put(f.path(), new Seen(w.mtime(), w.size(), w.checksum(), true));
                return Future.succeededFuture();
            }
            return ensureAddon(f, addon).compose(a -> apply(w, a));
        });
    }

    private Future<Void> apply(Work w, ObjectNode addon) {
        ManifestFile f = w.file();
        String path = f.path().toString();
        events.record(addon, EventRecorder.NORMAL, "ApplyingManifest", "Applying manifest at \"" + path + "\"");
        ManifestDocuments.Parsed parsed = w.parsed();
        for (ManifestDocuments.Failure fail : parsed.failures()) {
            LOG.log(Level.WARNING, "cannot parse manifest", new Object[]{"file", path, "document", fail.number(),
                    "error", fail.message()});
            events.record(addon, EventRecorder.WARNING, "ParseManifestFailed",
                    "Parse manifest at \"" + path + "\" failed: " + fail);
        }
        List<String> errors = new ArrayList<>();
        Set<GroupVersionKind> applied = new LinkedHashSet<>();
        Set<String> desired = new java.util.HashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (ManifestDocuments.Doc doc : ordered(parsed.objects())) {
            chain = chain.compose(v -> applyOne(doc, f.addonName(), applied, desired)
                    .recover(e -> {
                        errors.add("document " + doc.number() + " (" + describe(doc.object()) + "): " + e.getMessage());
                        return Future.succeededFuture();
                    }));
        }
        return chain.compose(v -> {
            if (!errors.isEmpty()) {
                String msg = String.join("; ", errors);
                events.record(addon, EventRecorder.WARNING, "ApplyManifestFailed",
                        "Applying manifest at \"" + path + "\" failed: " + msg);
                return Future.failedFuture(msg);
            }
            if (!parsed.ok()) {
                // What the broken documents held earlier is unknown now: keep everything, prune nothing, and do not
                // record the checksum, so a restart looks again; until the file changes, this pass is final.
                seen.put(f.path(), new Seen(w.mtime(), w.size(), w.checksum(), true));
                return Future.succeededFuture();
            }
            Set<GroupVersionKind> kinds = new LinkedHashSet<>(applied);
            kinds.addAll(previousKinds(addon));
            return prune(f.addonName(), kinds, desired)
                    .compose(x -> recordApplied(addon, w.checksum(), applied))
                    .onSuccess(x -> {
                        seen.put(f.path(), new Seen(w.mtime(), w.size(), w.checksum(), true));
                        events.record(addon, EventRecorder.NORMAL, "AppliedManifest", "Applied manifest at \"" + path + "\"");
                        LOG.log(Level.FINE, "manifest applied", new Object[]{"file", path, "objects", desired.size()});
                    });
        });
    }

    /** Namespaces and CRDs first (later documents may need them), otherwise file order. */
    static List<ManifestDocuments.Doc> ordered(List<ManifestDocuments.Doc> docs) {
        List<ManifestDocuments.Doc> first = new ArrayList<>();
        List<ManifestDocuments.Doc> rest = new ArrayList<>();
        for (ManifestDocuments.Doc d : docs) {
            String kind = d.object().path("kind").asText();
            String api = d.object().path("apiVersion").asText();
            boolean early = ("Namespace".equals(kind) && "v1".equals(api))
                    || ("CustomResourceDefinition".equals(kind) && api.startsWith("apiextensions.k8s.io/"));
            (early ? first : rest).add(d);
        }
        first.addAll(rest);
        return first;
    }

    private Future<Void> applyOne(ManifestDocuments.Doc doc, String addonName, Set<GroupVersionKind> applied,
                                  Set<String> desired) {
        ObjectNode obj = doc.object();
        GroupVersionKind gvk = gvk(obj);
        return mapping(gvk).compose(m -> {
            String ns = "";
            ObjectNode marked = Ownership.mark(obj, NAMESPACE, addonName);
            if (m.namespaced()) {
                ns = obj.path("metadata").path("namespace").asText("");
                if (ns.isEmpty()) {
                    ns = "default"; // as kubectl apply does
                    marked.with("metadata").put("namespace", ns);
                }
            } else {
                marked.with("metadata").remove("namespace");
            }
            String name = marked.path("metadata").path("name").asText();
            desired.add(identity(gvk, ns, name));
            applied.add(gvk);
            return client.apply(m.resource(), ns, marked, WriteOptions.manager(FIELD_MANAGER).forced())
                    .compose(x -> CRD_KIND.equals(gvk) ? waitForKinds(marked) : Future.succeededFuture());
        });
    }

    /** After a CRD is applied, learn its kinds so the file's custom objects map (briefly polled). */
    private Future<Void> waitForKinds(ObjectNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        List<GroupVersionKind> kinds = new ArrayList<>();
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("served").asBoolean(true)) {
                kinds.add(new GroupVersionKind(group, v.path("name").asText(), kind));
            }
        }
        long deadline = System.currentTimeMillis() + 5_000;
        Promise<Void> done = Promise.promise();
        pollKinds(kinds, deadline, done);
        return done.future();
    }

    private void pollKinds(List<GroupVersionKind> kinds, long deadline, Promise<Void> done) {
        resources.refresh().onComplete(ar -> {
            if (kinds.stream().allMatch(k -> resources.known(k) != null) || System.currentTimeMillis() > deadline) {
                done.complete(); // objects of a kind still unknown fail on their own, with a clear message
            } else {
                vertx.setTimer(100, t -> pollKinds(kinds, deadline, done));
            }
        });
    }

    private Future<ApiResources.Mapping> mapping(GroupVersionKind gvk) {
        return resources.lookup(gvk).compose(m -> m != null ? Future.succeededFuture(m)
                : Future.failedFuture("no matches for kind \"" + gvk.kind() + "\" in version \"" + gvk.apiVersion() + "\""));
    }

    /** Deletes the Addon's objects of {@code kinds} that are not {@code desired}. */
    private Future<Void> prune(String addonName, Set<GroupVersionKind> kinds, Set<String> desired) {
        Future<Void> chain = Future.succeededFuture();
        String selector = Ownership.selector(NAMESPACE, addonName);
        for (GroupVersionKind gvk : kinds) {
            chain = chain.compose(v -> resources.lookup(gvk).compose(m -> {
                if (m == null) {
                    return Future.succeededFuture(); // the kind is gone from the server, and its objects with it
                }
                return client.list(m.resource(), "", ListOptions.NONE.withLabelSelector(selector)).compose(list -> {
                    List<Future<?>> deletes = new ArrayList<>();
                    for (JsonNode item : list.path("items")) {
                        String ns = item.path("metadata").path("namespace").asText("");
                        String name = item.path("metadata").path("name").asText();
                        if (!desired.contains(identity(gvk, ns, name))) {
                            LOG.log(Level.FINE, "pruning", new Object[]{"addon", addonName, "kind", gvk.kind(),
                                    "namespace", ns, "name", name});
                            deletes.add(client.delete(m.resource(), ns, name, DeleteOptions.propagation("Background"))
                                    .recover(e -> e instanceof KubeApiException k && k.notFound()
                                            ? Future.succeededFuture() : Future.failedFuture(e)));
                        }
                    }
                    return Future.all(deletes).mapEmpty();
                });
            }));
        }
        return chain;
    }

    /** {@code --disable}: the file's objects, the file and its Addon are removed. */
    private Future<Void> disable(ManifestFile f) {
        return getAddon(f.addonName()).compose(addon -> {
            Future<Void> objects = Future.succeededFuture();
            if (addon != null) {
                events.record(addon, EventRecorder.NORMAL, "DeletingManifest",
                        "Deleting manifest at \"" + f.path() + "\" (disabled)");
                objects = prune(f.addonName(), previousKinds(addon), Set.of());
            }
            return objects
                    .compose(v -> vertx.executeBlocking(() -> Files.deleteIfExists(f.path())))
                    .compose(v -> addon == null ? Future.<Void>succeededFuture()
                            : client.delete(AddonCrds.ADDONS, NAMESPACE, f.addonName(), DeleteOptions.DEFAULT).<Void>mapEmpty())
                    .onSuccess(v -> {
                        seen.remove(f.path());
                        LOG.log(Level.INFO, "disabled manifest removed", new Object[]{"file", f.path()});
                    });
        });
    }

    /** Addons of disabled packaged manifests whose file is already gone (removed while k3j was down). */
    private Future<Void> disableLeftovers() {
        if (settings.disabled().isEmpty() || !crdReady) {
            return Future.succeededFuture();
        }
        return client.list(AddonCrds.ADDONS, NAMESPACE, ListOptions.NONE).compose(list -> {
            Future<Void> chain = Future.succeededFuture();
            for (JsonNode a : list.path("items")) {
                Path source = Path.of(a.path("spec").path("source").asText("/"));
                if (!source.startsWith(settings.manifestsDir()) || Files.exists(source)) {
                    continue;
                }
                String rel = settings.manifestsDir().relativize(source).toString();
                ManifestFile mf = new ManifestFile(source, rel, a.path("metadata").path("name").asText());
                if (settings.disabled().stream().anyMatch(d -> ManifestScanner.disabledBy(mf, d))) {
                    chain = chain.compose(v -> disable(mf));
                }
            }
            return chain;
        });
    }

    private Future<ObjectNode> getAddon(String name) {
        return client.get(AddonCrds.ADDONS, NAMESPACE, name)
                .recover(e -> e instanceof KubeApiException k && k.notFound()
                        ? Future.succeededFuture(null) : Future.failedFuture(e));
    }

    private Future<ObjectNode> ensureAddon(ManifestFile f, ObjectNode existing) {
        String source = f.path().toString();
        if (existing != null) {
            if (source.equals(existing.path("spec").path("source").asText())) {
                return Future.succeededFuture(existing);
            }
            return client.patch(AddonCrds.ADDONS, NAMESPACE, f.addonName(), PatchType.MERGE,
                    "{\"spec\":{\"source\":" + JsonNodeFactory.instance.textNode(source) + "}}", "",
                    WriteOptions.manager(FIELD_MANAGER));
        }
        ObjectNode addon = JsonNodeFactory.instance.objectNode()
                .put("apiVersion", "k3s.cattle.io/v1").put("kind", "Addon");
        addon.putObject("metadata").put("name", f.addonName()).put("namespace", NAMESPACE);
        addon.putObject("spec").put("source", source).put("checksum", "");
        return client.create(AddonCrds.ADDONS, NAMESPACE, addon, WriteOptions.manager(FIELD_MANAGER))
                .recover(e -> e instanceof KubeApiException k && k.alreadyExists()
                        ? client.get(AddonCrds.ADDONS, NAMESPACE, f.addonName()) : Future.failedFuture(e));
    }

    private Future<Void> recordApplied(ObjectNode addon, String checksum, Set<GroupVersionKind> kinds) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", addon.path("metadata").path("resourceVersion").asText())
                .putObject("annotations").put(GVKS_ANNOTATION, String.join(";", kinds.stream().map(GroupVersionKind::toString).toList()));
        patch.putObject("spec").put("checksum", checksum);
        // Without the resourceVersion: nothing else writes these fields, and a concurrent label edit must not fail us.
        ((ObjectNode) patch.get("metadata")).remove("resourceVersion");
        return client.patch(AddonCrds.ADDONS, NAMESPACE, addon.path("metadata").path("name").asText(), PatchType.MERGE,
                patch.toString(), "", WriteOptions.manager(FIELD_MANAGER)).mapEmpty();
    }

    static Set<GroupVersionKind> previousKinds(JsonNode addon) {
        Set<GroupVersionKind> out = new LinkedHashSet<>();
        String s = addon.path("metadata").path("annotations").path(GVKS_ANNOTATION).asText("");
        for (String part : s.split(";")) {
            GroupVersionKind g = parseGvk(part.strip());
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    /** Parses Go's GVK string form, {@code apps/v1, Kind=Deployment} or {@code /v1, Kind=ConfigMap}. */
    static GroupVersionKind parseGvk(String s) {
        int comma = s.indexOf(", Kind=");
        if (comma < 0) {
            return null;
        }
        String gv = s.substring(0, comma);
        String kind = s.substring(comma + ", Kind=".length());
        int slash = gv.lastIndexOf('/');
        String group = slash < 0 ? "" : gv.substring(0, slash);
        String version = slash < 0 ? gv : gv.substring(slash + 1);
        return kind.isEmpty() || version.isEmpty() ? null : new GroupVersionKind(group, version, kind);
    }

    static GroupVersionKind gvk(JsonNode obj) {
        String api = obj.path("apiVersion").asText();
        int slash = api.indexOf('/');
        return new GroupVersionKind(slash < 0 ? "" : api.substring(0, slash), slash < 0 ? api : api.substring(slash + 1),
                obj.path("kind").asText());
    }

    private static String identity(GroupVersionKind gvk, String ns, String name) {
        return gvk.group() + "/" + gvk.kind() + "/" + ns + "/" + name;
    }

    private static String describe(JsonNode obj) {
        String ns = obj.path("metadata").path("namespace").asText("");
        return obj.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + obj.path("metadata").path("name").asText();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
