package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.addons.AddonCrds;
import io.k3j.controller.EventRecorder;
import io.k3j.addons.Reflector;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WatchEvent;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.pki.AtomicFiles;
import io.k3j.pki.Pem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Helm controller: keeps a Helm release per HelmChart, with real Helm in-process ({@link HelmRunner}) instead
 * of K3s's helm-install Jobs, so it needs no image and works before any node does.
 *
 * <p>Install on create; upgrade when the chart, version, values, target namespace or the HelmChartConfig change
 * (a hash of what matters, kept in the annotation {@value #HASH_ANNOTATION}); uninstall on delete, held by K3s's
 * finalizer {@value #FINALIZER}. Status conditions {@code Failed} (K3s's) and {@code Deployed} carry Helm's own text;
 * every operation leaves an Event. Failures are retried with exponential back-off (1 s … 5 min) unless
 * {@code failurePolicy: abort}. Helm runs on a worker pool: one operation per chart at a time, several charts at once.
 */
public final class HelmController extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(HelmController.class.getName());
    public static final String FINALIZER = "wrangler.cattle.io/on-helm-chart-remove";
    public static final String HASH_ANNOTATION = "helmcharts.helm.cattle.io/configHash";
    static final String FIELD_MANAGER = "k3j-helm-controller";
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");

    private final KubeClient client;
    private final HelmSettings settings;
    private HelmRunner helm;
    private ChartFetcher fetcher;
    private EventRecorder events;
    private WorkerExecutor pool;
    private WorkQueue queue;
    private Reflector charts;
    private Reflector configs;
    private final java.util.Map<String, Long> seenGeneration = new java.util.HashMap<>();
    private final Promise<Void> watching = Promise.promise();

    public HelmController(KubeClient client, HelmSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * Completes once the HelmChart CRDs are Established and the controller watches them: from then on a HelmChart
     * can be created. (Start does not wait for it, so a slow API never holds up the server's start.)
     */
    public Future<Void> watching() {
        return watching.future();
    }

    @Override
    public Future<?> start() {
        helm = new HelmRunner(settings.kubeconfig(), settings.workDir());
        events = new EventRecorder(client, "helm-controller", settings.host(), Clock.systemUTC());
        // Helm calls last seconds to minutes: the blocked-thread checker should only speak up past an hour.
        pool = vertx.createSharedWorkerExecutor("k3j-helm", settings.workers(), 1, TimeUnit.HOURS);
        queue = new WorkQueue(vertx, "helm", settings.workers(), Duration.ofSeconds(1), Duration.ofMinutes(5),
                this::sync);
        return vertx.executeBlocking(() -> Pem.readCertificates(settings.serverCaFile())).compose(ca -> {
            fetcher = new ChartFetcher(ca);
            installCrds(0);
            return Future.succeededFuture();
        });
    }

    /** Sets up the CRDs, then starts watching; retried while the API cannot take them yet. */
    private void installCrds(int attempt) {
        AddonCrds.install(vertx, client, List.of("helmcharts.helm.cattle.io", "helmchartconfigs.helm.cattle.io"), 10_000)
                .onSuccess(v -> startWatching())
                .onFailure(e -> {
                    if (attempt == 0) {
                        LOG.log(Level.WARNING, "cannot install the HelmChart CRDs yet; retrying",
                                new Object[]{"error", e.getMessage()});
                    }
                    if (queue != null) {
                        vertx.setTimer(Math.min(30_000, 1000L << Math.min(5, attempt)), t -> installCrds(attempt + 1));
                    }
                });
    }

    private void startWatching() {
        charts = new Reflector(vertx, client, AddonCrds.HELMCHARTS, this::onEvent);
        configs = new Reflector(vertx, client, AddonCrds.HELMCHARTCONFIGS, this::onEvent);
        charts.start();
        configs.start();
        watching.tryComplete();
    }

    /**
     * A HelmChart or HelmChartConfig changed: the HelmChart of that name is looked at again. Updates of a HelmChart
     * that leave its generation alone (status, annotations, finalizers: this controller's own writes) are ignored,
     * or every status write would trigger another attempt; a deletion in progress always counts.
     */
    private void onEvent(WatchEvent ev) {
        JsonNode meta = ev.object().path("metadata");
        String key = Reflector.key(ev.object());
        if (!"HelmChart".equals(ev.object().path("kind").asText())) {
            queue.add(key);
            return;
        }
        if (ev.type() == WatchEvent.Type.DELETED) {
            seenGeneration.remove(key);
            return; // the finalizer already did the work
        }
        long generation = meta.path("generation").asLong(0);
        Long before = seenGeneration.put(key, generation);
        if (before == null || before != generation || meta.has("deletionTimestamp")) {
            queue.add(key);
        }
    }

    @Override
    public Future<?> stop() {
        if (charts != null) {
            charts.stop();
        }
        if (configs != null) {
            configs.stop();
        }
        if (queue != null) {
            queue.stop();
            queue = null;
        }
        if (pool != null) {
            pool.close();
        }
        return Future.succeededFuture();
    }

    private Future<Void> sync(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        return getOrNull(AddonCrds.HELMCHARTS, ns, name).compose(chart -> {
            if (chart == null) {
                return Future.succeededFuture();
            }
            if (chart.path("metadata").has("deletionTimestamp")) {
                return remove(chart);
            }
            return ensureFinalizer(chart).compose(c -> getOrNull(AddonCrds.HELMCHARTCONFIGS, ns, name)
                    .compose(cfg -> deploy(c, cfg)));
        });
    }

    private Future<Void> deploy(ObjectNode chart, ObjectNode config) {
        // Values YAML is parsed and chartContent decoded off the event loop.
        return vertx.executeBlocking(() -> HelmChartPlan.of(chart, config, settings.kubernetesApi()), false)
                .compose(plan -> deploy(chart, plan), e -> e instanceof IllegalArgumentException
                        // A spec Helm could never take: report it and wait for the next change, no retries.
                        ? failed(chart, "InvalidSpec", e.getMessage(), false) : Future.failedFuture(e));
    }

    private Future<Void> deploy(ObjectNode chart, HelmChartPlan plan) {
        String appliedHash = chart.path("metadata").path("annotations").path(HASH_ANNOTATION).asText("");
        if (plan.hash().equals(appliedHash) && "False".equals(condition(chart, "Failed"))) {
            return Future.succeededFuture();
        }
        return credentials(chart, plan).compose(creds -> pool.executeBlocking(() -> {
            byte[] tgz = fetcher.fetch(plan.source(), plan.repoCa(), creds, Duration.ofSeconds(60));
            Path archive = settings.workDir().resolve("charts")
                    .resolve(plan.targetNamespace() + "_" + plan.releaseName() + ".tgz");
            AtomicFiles.createPrivateDirectories(archive.getParent(), 0700);
            AtomicFiles.write(archive, tgz, 0600);
            return helm.apply(new ReleaseRequest(plan.releaseName(), plan.targetNamespace(), archive, plan.values(),
                    plan.timeout(), plan.createNamespace(), plan.failurePolicy()));
        }, false)).compose(op -> succeeded(chart, plan, op), e -> {
            String msg = e instanceof HelmException || e instanceof IllegalArgumentException ? e.getMessage()
                    : "cannot get the chart: " + e.getMessage();
            return failed(chart, "InstallFailed", msg, plan.failurePolicy() == ReleaseRequest.FailurePolicy.REINSTALL);
        });
    }

    private Future<ChartFetcher.Credentials> credentials(ObjectNode chart, HelmChartPlan plan) {
        if (plan.authSecret().isEmpty()) {
            return Future.succeededFuture(null);
        }
        return client.get(SECRETS, chart.path("metadata").path("namespace").asText(), plan.authSecret()).map(s -> {
            String user = decode(s.path("data").path("username").asText(""));
            String pass = decode(s.path("data").path("password").asText(""));
            return new ChartFetcher.Credentials(user, pass, plan.authPassCredentials());
        });
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private Future<Void> succeeded(ObjectNode chart, HelmChartPlan plan, HelmOperation op) {
        ReleaseInfo r = op.release();
        String verb = switch (op.kind()) {
            case INSTALLED -> "Installed";
            case UPGRADED -> "Upgraded";
            case REINSTALLED -> "Reinstalled";
        };
        String message = verb + " release " + r.name() + " (" + r.chart() + ") in namespace " + r.namespace()
                + ", revision " + r.revision();
        LOG.log(Level.INFO, "helm release " + verb.toLowerCase(java.util.Locale.ROOT),
                new Object[]{"helmchart", Reflector.key(chart), "release", r.name(), "revision", r.revision()});
        events.record(chart, EventRecorder.NORMAL, verb, message);
        String ns = chart.path("metadata").path("namespace").asText();
        String name = chart.path("metadata").path("name").asText();
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").putObject("annotations").put(HASH_ANNOTATION, plan.hash());
        return writeStatus(chart, "False", verb, "", "True", verb, message)
                .compose(v -> client.patch(AddonCrds.HELMCHARTS, ns, name, PatchType.MERGE, patch.toString(), "",
                        WriteOptions.manager(FIELD_MANAGER)))
                .mapEmpty();
    }

    /** Records a failure; {@code retry} makes the queue try again after its back-off. */
    private Future<Void> failed(ObjectNode chart, String reason, String message, boolean retry) {
        LOG.log(Level.WARNING, "helm chart failed", new Object[]{"helmchart", Reflector.key(chart), "reason", reason,
                "error", message});
        events.record(chart, EventRecorder.WARNING, reason, message);
        Future<Void> status = writeStatus(chart, "True", reason, message, "False", reason, message)
                .recover(e -> Future.succeededFuture());
        return retry ? status.compose(v -> Future.failedFuture(message)) : status;
    }

    private Future<Void> remove(ObjectNode chart) {
        JsonNode finalizers = chart.path("metadata").path("finalizers");
        boolean ours = false;
        for (JsonNode f : finalizers) {
            ours |= FINALIZER.equals(f.asText());
        }
        if (!ours) {
            return Future.succeededFuture();
        }
        String target = chart.path("spec").path("targetNamespace").asText("");
        String ns = chart.path("metadata").path("namespace").asText();
        String release = chart.path("metadata").path("name").asText();
        String targetNs = target.isEmpty() ? ns : target;
        return pool.<Void>executeBlocking(() -> {
            helm.uninstall(release, targetNs);
            return null;
        }, false).compose(v -> {
            events.record(chart, EventRecorder.NORMAL, "Uninstalled", "Uninstalled release " + release
                    + " from namespace " + targetNs);
            LOG.log(Level.INFO, "helm release uninstalled", new Object[]{"helmchart", Reflector.key(chart)});
            return setFinalizers(chart, without(finalizers, FINALIZER)).<Void>mapEmpty();
        }, e -> {
            events.record(chart, EventRecorder.WARNING, "UninstallFailed", e.getMessage());
            return Future.<Void>failedFuture(e);
        });
    }

    private Future<ObjectNode> ensureFinalizer(ObjectNode chart) {
        JsonNode finalizers = chart.path("metadata").path("finalizers");
        for (JsonNode f : finalizers) {
            if (FINALIZER.equals(f.asText())) {
                return Future.succeededFuture(chart);
            }
        }
        ArrayNode next = finalizers.isArray() ? ((ArrayNode) finalizers).deepCopy() : JsonNodeFactory.instance.arrayNode();
        next.add(FINALIZER);
        return setFinalizers(chart, next);
    }

    /** Replaces the finalizer list, guarded by the resourceVersion (a conflict retries the whole sync). */
    private Future<ObjectNode> setFinalizers(ObjectNode chart, ArrayNode finalizers) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata")
                .put("resourceVersion", chart.path("metadata").path("resourceVersion").asText())
                .set("finalizers", finalizers);
        return client.patch(AddonCrds.HELMCHARTS, chart.path("metadata").path("namespace").asText(),
                chart.path("metadata").path("name").asText(), PatchType.MERGE, patch.toString(), "",
                WriteOptions.manager(FIELD_MANAGER));
    }

    private static ArrayNode without(JsonNode list, String value) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode n : list) {
            if (!value.equals(n.asText())) {
                out.add(n);
            }
        }
        return out;
    }

    /** Writes conditions Failed and Deployed (lastTransitionTime moves only when a status changes). */
    private Future<Void> writeStatus(ObjectNode chart, String failed, String failedReason, String failedMessage,
                                     String deployed, String deployedReason, String deployedMessage) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        ArrayNode conds = patch.putObject("status").putArray("conditions");
        conds.add(conditionNode(chart, "Failed", failed, failedReason, failedMessage));
        conds.add(conditionNode(chart, "Deployed", deployed, deployedReason, deployedMessage));
        return client.patch(AddonCrds.HELMCHARTS, chart.path("metadata").path("namespace").asText(),
                chart.path("metadata").path("name").asText(), PatchType.MERGE, patch.toString(), "status",
                WriteOptions.manager(FIELD_MANAGER)).mapEmpty();
    }

    private static ObjectNode conditionNode(JsonNode chart, String type, String status, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String since = now;
        for (JsonNode c : chart.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText()) && status.equals(c.path("status").asText())) {
                since = c.path("lastTransitionTime").asText(now);
            }
        }
        return JsonNodeFactory.instance.objectNode().put("type", type).put("status", status).put("reason", reason)
                .put("message", message).put("lastUpdateTime", now).put("lastTransitionTime", since);
    }

    static String condition(JsonNode obj, String type) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c.path("status").asText();
            }
        }
        return "";
    }

    private Future<ObjectNode> getOrNull(GroupVersionResource r, String ns, String name) {
        return client.get(r, ns, name).recover(e -> e instanceof KubeApiException k && k.notFound()
                ? Future.succeededFuture(null) : Future.failedFuture(e));
    }
}
