package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The ServiceCIDR {@code kubernetes} that 1.33's kube-apiserver creates from its service network flag (both networks
 * of a dual-stack cluster, primary first), Ready as
 * its default-ServiceCIDR controller marks it. Created when absent (at start and on every repair pass, so a deleted
 * one comes back, as upstream's); an existing one is left alone, like the flag changed under an existing cluster.
 */
final class DefaultServiceCidr {

    static final String NAME = "kubernetes";
    static final String KEY = StorageKeys.resourcePrefix("networking.k8s.io", "servicecidrs") + NAME;

    private DefaultServiceCidr() {
    }

    static ObjectNode object(List<IpRange> ranges, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.put("apiVersion", "networking.k8s.io/v1").put("kind", "ServiceCIDR");
        ObjectNode meta = obj.putObject("metadata");
        meta.put("name", NAME).put("uid", UUID.randomUUID().toString()).put("creationTimestamp", time).put("generation", 1);
        ArrayNode cidrs = obj.putObject("spec").putArray("cidrs");
        ranges.forEach(r -> cidrs.add(r.toString()));
        obj.putObject("status").putArray("conditions").addObject()
                .put("type", "Ready").put("status", "True").put("lastTransitionTime", time)
                .put("reason", "").put("message", "Kubernetes default Service CIDR is ready");
        return obj;
    }

    /** Creates the object unless it exists; true when this call created it. */
    static Future<Boolean> ensure(Store store, List<IpRange> ranges, Instant now) {
        return store.get(KEY).compose(g -> g.kv() != null && !g.kv().tombstone() ? Future.succeededFuture(false)
                : store.create(KEY, Json.bytes(object(ranges, now))).map(true))
                .recover(e -> e instanceof StoreException.KeyExists ? Future.succeededFuture(false) : Future.failedFuture(e));
    }
}
