package io.k3j.controller.ttl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.k3j.controller.support.Resources.JOBS;

/**
 * Upstream's ttl-after-finished controller: a Job with spec.ttlSecondsAfterFinished is deleted that long after it
 * finished (its Complete or Failed condition turned True), its pods with it. Before deleting, the Job is read again,
 * so one whose TTL was raised (or cleared) meanwhile stays. Keyed by "namespace/name".
 */
public final class TtlAfterFinishedController implements Controller {

    public static final String NAME = "ttl-after-finished";
    /** Upstream deletes in the foreground, so the Job stays visible until its pods are gone. */
    private static final String PROPAGATION = "Foreground";

    private KubeClient client;
    private Clock clock;
    private Informer jobs;
    private WorkQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        clock = ctx.clock();
        jobs = ctx.informers().of(JOBS);
        queue = new WorkQueue(ctx.vertx(), NAME, 4, this::sync);
        jobs.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode job) {
                enqueue(job);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode job) {
                enqueue(job);
            }
        });
    }

    private void enqueue(ObjectNode job) {
        if (needsCleanup(job)) {
            queue.add(Informer.keyOf(job));
        }
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String key) {
        ObjectNode cached = jobs.get(key);
        if (cached == null || !needsCleanup(cached)) {
            return Future.succeededFuture();
        }
        Optional<Duration> left = timeLeft(cached);
        if (left.isEmpty()) {
            return Future.failedFuture(new IllegalStateException("unable to find the time when the Job " + key + " finished"));
        }
        if (left.get().isPositive()) {
            queue.addAfter(key, left.get().toMillis() + 1);
            return Future.succeededFuture();
        }
        // The TTL expired by the cache; make sure by the live object before an irreversible delete.
        return client.get(JOBS, Meta.namespace(cached), Meta.name(cached)).compose(fresh -> {
            if (!needsCleanup(fresh)) {
                return Future.succeededFuture();
            }
            Optional<Duration> freshLeft = timeLeft(fresh);
            if (freshLeft.isPresent() && freshLeft.get().isPositive()) {
                queue.addAfter(key, freshLeft.get().toMillis() + 1);
                return Future.succeededFuture();
            }
            DeleteOptions opts = DeleteOptions.propagation(PROPAGATION).withPreconditions(Meta.uid(fresh), "");
            return client.delete(JOBS, Meta.namespace(fresh), Meta.name(fresh), opts).mapEmpty();
        }).recover(e -> e instanceof KubeApiException k && k.notFound() ? Future.succeededFuture() : Future.failedFuture(e));
    }

    static boolean needsCleanup(JsonNode job) {
        return job.path("spec").hasNonNull("ttlSecondsAfterFinished") && !Meta.deleting(job) && finishedAt(job) != null;
    }

    /** Time until the TTL expires (negative once it has), or empty when the finish time is unknown. */
    private Optional<Duration> timeLeft(JsonNode job) {
        String at = finishedAt(job);
        if (at == null || at.isEmpty()) {
            return Optional.empty();
        }
        Instant expiry = Meta.time(at).plusSeconds(job.path("spec").path("ttlSecondsAfterFinished").asLong());
        return Optional.of(Duration.between(clock.instant(), expiry));
    }

    /** lastTransitionTime of the Complete or Failed condition that is True; "" if it has none; null if not finished. */
    private static String finishedAt(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if ((type.equals("Complete") || type.equals("Failed")) && "True".equals(c.path("status").asText())) {
                return c.path("lastTransitionTime").asText("");
            }
        }
        return null;
    }
}
