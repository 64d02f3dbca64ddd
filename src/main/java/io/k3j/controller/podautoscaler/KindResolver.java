package io.k3j.controller.podautoscaler;

import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.client.ApiDiscovery;
import io.k3j.client.KubeClient;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Upstream's REST mapper as the autoscaler needs it: the resource serving a kind of a group (a scale target or an
 * Object metric's described object). Built-in kinds come from the catalog; others (custom resources) from
 * discovery, re-read at most every few seconds when a kind is not found, so a new CRD is picked up quickly
 * without every sync costing a discovery round.
 */
final class KindResolver {

    /** A resolved kind: the resource, in the version asked for when served, else the group's preferred one. */
    record Resolved(GroupVersionResource gvr, boolean namespaced) {
    }

    private static final Duration REDISCOVER_AFTER = Duration.ofSeconds(5);

    private final KubeClient client;
    private final Clock clock;
    private ApiDiscovery.Result discovered;
    private Instant discoveredAt = Instant.EPOCH;

    KindResolver(KubeClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** {@code apiVersion} as in a CrossVersionObjectReference ("apps/v1", "v1"). */
    Future<Resolved> resolve(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        Optional<Resolved> builtin = builtin(group, version, kind);
        if (builtin.isPresent()) {
            return Future.succeededFuture(builtin.get());
        }
        Optional<Resolved> known = fromDiscovery(group, version, kind);
        if (known.isPresent() || Duration.between(discoveredAt, clock.instant()).compareTo(REDISCOVER_AFTER) < 0) {
            return known.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(noMatch(group, kind)));
        }
        return ApiDiscovery.discover(client).compose(result -> {
            discovered = result;
            discoveredAt = clock.instant();
            return fromDiscovery(group, version, kind).map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(noMatch(group, kind)));
        });
    }

    private static MetricException noMatch(String group, String kind) {
        return new MetricException("no matches for kind \"" + kind + "\" in group \"" + group + "\"");
    }

    private static Optional<Resolved> builtin(String group, String version, String kind) {
        ResourceDescriptor any = null;
        for (ResourceDescriptor d : BuiltinResources.all()) {
            if (d.group().equals(group) && d.kind().equals(kind)) {
                if (d.version().equals(version)) {
                    return Optional.of(new Resolved(d.groupVersionResource(), d.namespaced()));
                }
                if (any == null) {
                    any = d;
                }
            }
        }
        return Optional.ofNullable(any).map(d -> new Resolved(d.groupVersionResource(), d.namespaced()));
    }

    private Optional<Resolved> fromDiscovery(String group, String version, String kind) {
        if (discovered == null) {
            return Optional.empty();
        }
        ApiDiscovery.ApiResource any = null;
        for (ApiDiscovery.ApiResource r : discovered.resources()) {
            if (r.gvr().group().equals(group) && r.kind().equals(kind)) {
                if (r.gvr().version().equals(version)) {
                    return Optional.of(new Resolved(r.gvr(), r.namespaced()));
                }
                if (any == null || r.preferred()) {
                    any = r;
                }
            }
        }
        return Optional.ofNullable(any).map(r -> new Resolved(r.gvr(), r.namespaced()));
    }
}
