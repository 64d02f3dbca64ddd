package io.k3j.controller.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.client.ApiDiscovery;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the objects of any resource named by {@code count/<resource>.<group>}: built-in resources by their catalog
 * version, custom ones by the version discovery prefers (discovery is asked again at most once a minute). A resource
 * the server does not serve has no objects.
 */
final class ApiResources {

    private static final long DISCOVERY_TTL_MS = 60_000;

    private final KubeClient client;
    private final Clock clock;
    private ApiDiscovery.Result discovered;
    private long discoveredAt;

    ApiResources(KubeClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    Future<List<JsonNode>> list(String group, String resource, String namespace) {
        return resolve(group, resource).compose(gvr -> {
            if (gvr == null) {
                return Future.succeededFuture(List.of());
            }
            return client.list(gvr, namespace, ListOptions.NONE).map(l -> {
                List<JsonNode> items = new ArrayList<>();
                l.path("items").forEach(items::add);
                return items;
            });
        });
    }

    private Future<GroupVersionResource> resolve(String group, String resource) {
        for (ResourceDescriptor d : BuiltinResources.all()) {
            if (d.group().equals(group) && d.resource().equals(resource) && d.namespaced()) {
                return Future.succeededFuture(d.groupVersionResource());
            }
        }
        long now = clock.millis();
        Future<ApiDiscovery.Result> found = discovered != null && now - discoveredAt < DISCOVERY_TTL_MS
                ? Future.succeededFuture(discovered)
                : ApiDiscovery.discover(client).onSuccess(r -> {
                    discovered = r;
                    discoveredAt = now;
                });
        return found.map(r -> {
            for (ApiDiscovery.ApiResource a : r.preferred()) {
                if (a.gvr().group().equals(group) && a.gvr().resource().equals(resource) && a.namespaced() && a.supports("list")) {
                    return a.gvr();
                }
            }
            return null;
        });
    }
}
