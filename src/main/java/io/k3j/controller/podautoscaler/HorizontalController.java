package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.Informer;
import io.k3j.client.WorkQueue;
import io.k3j.config.ServerConfig;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Resources;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's horizontal-pod-autoscaler controller: every sync period (15 s;
 * {@code --kube-controller-manager-arg horizontal-pod-autoscaler-sync-period}) each HPA is reconciled by
 * {@link HpaReconciler} — read the target's scale, compute the desired replicas from the metrics, rescale, write
 * the status. As upstream, a new or changed HPA waits for its next period rather than syncing at once, so status
 * writes (which come back as updates) never make it spin; a sync that fails is simply retried a period later.
 */
public final class HorizontalController implements Controller {

    public static final String NAME = "horizontalpodautoscaling";
    static final String COMPONENT = "horizontal-pod-autoscaler";
    static final GroupVersionResource HPAS = new GroupVersionResource("autoscaling", "v2", "horizontalpodautoscalers");

    private static final Logger LOG = Logger.getLogger(HorizontalController.class.getName());

    private final Settings settings;
    private final MetricsSource metricsOverride;
    private Informer hpas;
    private WorkQueue queue;
    private HpaReconciler reconciler;

    /** The controller's flags (upstream's --horizontal-pod-autoscaler-* names). */
    public record Settings(Duration syncPeriod, Duration downscaleStabilization, double tolerance,
                           Duration cpuInitializationPeriod, Duration initialReadinessDelay) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(15), Duration.ofMinutes(5), 0.1,
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    /** Reads metrics from the API server's metrics APIs. */
    public HorizontalController(Settings settings) {
        this(settings, null);
    }

    /** With another metrics source (tests; an in-process metrics pipeline later). */
    public HorizontalController(Settings settings, MetricsSource metrics) {
        this.settings = settings;
        this.metricsOverride = metrics;
    }

    public static HorizontalController fromConfig(ServerConfig config) {
        var args = config.controllerManagerArgs();
        Settings d = Settings.DEFAULTS;
        String tolerance = args.get("horizontal-pod-autoscaler-tolerance", null);
        return new HorizontalController(new Settings(
                Duration.ofMillis(args.durationMillis("horizontal-pod-autoscaler-sync-period", d.syncPeriod().toMillis())),
                Duration.ofMillis(args.durationMillis("horizontal-pod-autoscaler-downscale-stabilization",
                        d.downscaleStabilization().toMillis())),
                tolerance == null ? d.tolerance() : parseTolerance(tolerance),
                Duration.ofMillis(args.durationMillis("horizontal-pod-autoscaler-cpu-initialization-period",
                        d.cpuInitializationPeriod().toMillis())),
                Duration.ofMillis(args.durationMillis("horizontal-pod-autoscaler-initial-readiness-delay",
                        d.initialReadinessDelay().toMillis()))));
    }

    private static double parseTolerance(String text) {
        try {
            double t = Double.parseDouble(text);
            if (t >= 0) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--kube-controller-manager-arg horizontal-pod-autoscaler-tolerance=" + text
                + " is not a non-negative number like 0.1");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        hpas = ctx.informers().of(HPAS);
        Informer pods = ctx.informers().of(Resources.PODS);
        KindResolver kinds = new KindResolver(ctx.client(), ctx.clock());
        MetricsSource metrics = metricsOverride != null ? metricsOverride : new ApiMetricsSource(ctx.client(), kinds);
        ReplicaCalculator calc = new ReplicaCalculator(settings.tolerance(), settings.cpuInitializationPeriod(),
                settings.initialReadinessDelay(), ctx.clock());
        reconciler = new HpaReconciler(ctx.client(), ctx.recorder(COMPONENT), ctx.clock(), kinds, pods::list,
                new MetricEvaluator(metrics, calc), new ScaleHistory(ctx.clock(), settings.downscaleStabilization()),
                settings.downscaleStabilization());
        queue = new WorkQueue(ctx.vertx(), NAME, 4, this::sync);
        long period = settings.syncPeriod().toMillis();
        hpas.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode hpa) {
                reconciler.register(Informer.keyOf(hpa));
                queue.addAfter(Informer.keyOf(hpa), period);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode hpa) {
                queue.addAfter(Informer.keyOf(hpa), period);
            }

            @Override
            public void onDelete(ObjectNode hpa) {
                queue.add(Informer.keyOf(hpa));
            }
        });
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String key) {
        ObjectNode hpa = hpas.get(key);
        if (hpa == null) {
            reconciler.forget(key);
            return Future.succeededFuture();
        }
        queue.addAfter(key, settings.syncPeriod().toMillis());
        return reconciler.reconcile(key, hpa).recover(e -> {
            // As upstream: log and try again next period (the queue's own back-off would only add load).
            LOG.log(Level.FINE, "horizontal-pod-autoscaler " + key + ": " + e.getMessage());
            return Future.succeededFuture();
        });
    }
}
