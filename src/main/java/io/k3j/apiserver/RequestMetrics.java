package io.k3j.apiserver;

import io.k3j.apiserver.rest.ResourceCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kube-apiserver's request metrics under their upstream names and labels, so existing dashboards
 * work: apiserver_request_total, apiserver_request_duration_seconds,
 * apiserver_current_inflight_requests. Resources the catalog does not know are recorded with an
 * empty resource label, so hostile paths cannot inflate the number of series.
 */
final class RequestMetrics {

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(600), Duration.ofMillis(800),
            Duration.ofSeconds(1), Duration.ofMillis(1250), Duration.ofMillis(1500), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6),
            Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final ResourceCatalog catalog;
    private final AtomicInteger readOnly = new AtomicInteger();
    private final AtomicInteger mutating = new AtomicInteger();

    RequestMetrics(MeterRegistry registry, ResourceCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
        Gauge.builder("apiserver.current.inflight.requests", readOnly, AtomicInteger::get)
                .description("Maximal number of currently used inflight request limit of this apiserver per request kind")
                .tag("request_kind", "readOnly").register(registry);
        Gauge.builder("apiserver.current.inflight.requests", mutating, AtomicInteger::get)
                .description("Maximal number of currently used inflight request limit of this apiserver per request kind")
                .tag("request_kind", "mutating").register(registry);
    }

    /** Route handler: counts the request in flight and records it when the response ends. */
    void handle(RoutingContext ctx) {
        RequestInfo info = ctx.get(ApiServerVerticle.REQUEST_INFO);
        long start = System.nanoTime();
        boolean watch = "watch".equals(info.verb());
        AtomicInteger inflight = isMutating(info.verb()) ? mutating : readOnly;
        if (!watch) {
            inflight.incrementAndGet();
        }
        RequestEnd.add(ctx, ar -> {
            if (!watch) {
                inflight.decrementAndGet();
            }
            record(info, ctx.response().getStatusCode(), System.nanoTime() - start, "All".equals(ctx.request().getParam("dryRun")));
        });
        ctx.next();
    }

    private void record(RequestInfo info, int code, long nanos, boolean dryRun) {
        boolean known = info.resourceRequest()
                && catalog.find(info.apiGroup(), info.apiVersion(), info.resource()).isPresent();
        String verb = info.resourceRequest() ? upstreamVerb(info.verb()) : info.verb().toUpperCase(java.util.Locale.ROOT);
        String scope = !info.resourceRequest() ? "" : !info.name().isEmpty() ? "resource"
                : info.namespace().isEmpty() ? "cluster" : "namespace";
        String[] tags = {"verb", verb, "dry_run", dryRun ? "All" : "", "group", known ? info.apiGroup() : "",
                "version", known ? info.apiVersion() : "", "resource", known ? info.resource() : "",
                "subresource", known ? info.subresource() : "", "scope", scope, "component", "apiserver"};
        Counter.builder("apiserver.request").description("Counter of apiserver requests broken out for each verb, "
                        + "dry run value, group, version, resource, scope, component, and HTTP response code.")
                .tags(tags).tag("code", String.valueOf(code)).register(registry).increment();
        if (!info.verb().equals("watch")) {
            Timer.builder("apiserver.request.duration").description("Response latency distribution in seconds for each "
                            + "verb, dry run value, group, version, resource, subresource, scope and component.")
                    .tags(tags).serviceLevelObjectives(BUCKETS).register(registry).record(Duration.ofNanos(nanos));
        }
    }

    /** Upstream reports list/watch/get as LIST, WATCH, GET and writes by their HTTP-ish verb. */
    private static String upstreamVerb(String verb) {
        return switch (verb) {
            case "create" -> "POST";
            case "update" -> "PUT";
            case "deletecollection", "delete" -> "DELETE";
            default -> verb.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isMutating(String verb) {
        return switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection", "post", "put" -> true;
            default -> false;
        };
    }
}
