package io.k3j.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leader election on a coordination.k8s.io Lease, as client-go's leaderelection: acquire when the lease is free or
 * its holder has not renewed within {@code leaseDuration}; renew every {@code retryPeriod}; give up (and stop
 * working) when renewal has failed for {@code renewDeadline}. Writes are compare-and-swap on the Lease's
 * resourceVersion, so two candidates can never both win. On a clean stop the lease is released for a fast hand-over.
 */
public final class LeaderElector {

    private static final Logger LOG = Logger.getLogger(LeaderElector.class.getName());
    static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");
    private static final ObjectMapper M = new ObjectMapper();
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    /** client-go's defaults for kube-controller-manager: 15 s lease, 10 s renew deadline, 2 s retry. */
    public record Timing(long leaseDurationMs, long renewDeadlineMs, long retryPeriodMs) {
        public static final Timing DEFAULT = new Timing(15_000, 10_000, 2_000);
    }

    private final Vertx vertx;
    private final KubeClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Timing timing;
    private final Runnable onStartedLeading;
    private final Runnable onStoppedLeading;
    private boolean leading;
    private boolean stopped;
    private long lastRenew;
    private long timer = -1;
    /** When we first saw the current holder's renewTime (our clock, so skew between servers does not matter). */
    private String observedRenew = "";
    private long observedAt;
    private final io.vertx.core.Promise<Boolean> firstAttempt = io.vertx.core.Promise.promise();

    public LeaderElector(Vertx vertx, KubeClient client, String namespace, String name, String identity, Timing timing,
                         Runnable onStartedLeading, Runnable onStoppedLeading) {
        this.vertx = vertx;
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
        this.timing = timing;
        this.onStartedLeading = onStartedLeading;
        this.onStoppedLeading = onStoppedLeading;
    }

    public void start() {
        tick();
    }

    public boolean leading() {
        return leading;
    }

    /** Completes after the first try to acquire the lease: true when this candidate leads from the start. */
    public Future<Boolean> firstAttempt() {
        return firstAttempt.future();
    }

    /** Stops campaigning; a leader releases the lease (holder cleared) so a peer takes over at once. */
    public Future<Void> stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (!leading) {
            return Future.succeededFuture();
        }
        leading = false;
        return client.get(LEASES, namespace, name).compose(lease -> {
            if (!identity.equals(lease.path("spec").path("holderIdentity").asText())) {
                return Future.succeededFuture();
            }
            ObjectNode copy = lease.deepCopy();
            ObjectNode spec = (ObjectNode) copy.path("spec");
            spec.remove("holderIdentity");
            spec.put("leaseDurationSeconds", 1);
            return client.update(LEASES, namespace, copy, WriteOptions.manager(name)).<Void>mapEmpty();
        }).recover(e -> Future.succeededFuture());
    }

    private void tick() {
        if (stopped) {
            return;
        }
        tryAcquireOrRenew().onComplete(ar -> {
            long now = System.currentTimeMillis();
            boolean ok = ar.succeeded() && ar.result();
            if (ok) {
                lastRenew = now;
                if (!leading) {
                    leading = true;
                    LOG.log(Level.INFO, "became leader", new Object[]{"lease", namespace + "/" + name, "identity", identity});
                    onStartedLeading.run();
                }
            } else if (leading && now - lastRenew > timing.renewDeadlineMs()) {
                leading = false;
                LOG.log(Level.WARNING, "lost leadership", new Object[]{"lease", namespace + "/" + name});
                onStoppedLeading.run();
            }
            firstAttempt.tryComplete(leading);
            if (!stopped) {
                timer = vertx.setTimer(timing.retryPeriodMs(), t -> tick());
            }
        });
    }

    private Future<Boolean> tryAcquireOrRenew() {
        String now = MICRO.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
        return client.get(LEASES, namespace, name).compose(lease -> {
            ObjectNode spec = (ObjectNode) lease.path("spec");
            String holder = spec.path("holderIdentity").asText("");
            String renew = spec.path("renewTime").asText("");
            long duration = spec.path("leaseDurationSeconds").asLong(timing.leaseDurationMs() / 1000) * 1000;
            if (!renew.equals(observedRenew)) {
                observedRenew = renew;
                observedAt = System.currentTimeMillis();
            }
            boolean mine = identity.equals(holder);
            if (!mine && !holder.isEmpty() && System.currentTimeMillis() - observedAt < duration) {
                return Future.succeededFuture(false); // someone else holds a live lease
            }
            ObjectNode copy = lease.deepCopy();
            ObjectNode s = (ObjectNode) copy.path("spec");
            if (!mine) {
                s.put("acquireTime", now);
                s.put("leaseTransitions", spec.path("leaseTransitions").asInt(0) + (holder.isEmpty() ? 0 : 1));
            }
            s.put("holderIdentity", identity).put("leaseDurationSeconds", timing.leaseDurationMs() / 1000).put("renewTime", now);
            return client.update(LEASES, namespace, copy, WriteOptions.manager(name)).map(u -> true);
        }, e -> {
            if (e instanceof KubeApiException k && k.notFound()) {
                ObjectNode lease = M.createObjectNode().put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
                lease.putObject("metadata").put("name", name).put("namespace", namespace);
                lease.putObject("spec").put("holderIdentity", identity)
                        .put("leaseDurationSeconds", timing.leaseDurationMs() / 1000)
                        .put("acquireTime", now).put("renewTime", now).put("leaseTransitions", 0);
                return client.create(LEASES, namespace, lease, WriteOptions.manager(name)).map(c -> true);
            }
            return Future.failedFuture(e);
        }).recover(e -> Future.succeededFuture(false));
    }
}
