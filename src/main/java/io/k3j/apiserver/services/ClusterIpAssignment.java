package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.List;

import static io.k3j.apiserver.services.ServiceFields.allocatedIPs;
import static io.k3j.apiserver.services.ServiceFields.clusterIPs;
import static io.k3j.apiserver.services.ServiceFields.headless;
import static io.k3j.apiserver.services.ServiceFields.needsClusterIP;

/**
 * A Service's cluster IP on create and update, as upstream's allocClusterIPs/updateClusterIPs on a single-stack
 * cluster: ExternalName and headless services get none; a requested address is claimed or refused with a 422 on
 * {@code spec.clusterIPs}; a missing one is drawn at random (500 {@code range is full} when none is left); a type
 * change to ExternalName gives the address up once the update is stored, one from ExternalName allocates anew.
 */
final class ClusterIpAssignment {

    private ClusterIpAssignment() {
    }

    static Future<Void> onCreate(ObjectNode svc, Allocations ops) {
        if (!needsClusterIP(svc) || headless(svc)) {
            return Future.succeededFuture();
        }
        List<String> given = clusterIPs(svc);
        String requested = given.isEmpty() ? svc.path("spec").path("clusterIP").asText("") : given.get(0);
        List<String> shown = given.isEmpty() && !requested.isEmpty() ? List.of(requested) : given;
        return ops.ip(requested).<Void>map(ip -> {
            ObjectNode spec = svc.with("spec");
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
            return null;
        }).recover(e -> Future.failedFuture(requested.isEmpty()
                ? ServiceErrors.internal("failed to allocate a serviceIP", e)
                : e instanceof AllocationError ? ServiceErrors.invalid(svc, List.of(ServiceValidation.invalidClusterIPs(shown,
                        "failed to allocate IP " + requested + ": " + e.getMessage()))) : e));
    }

    static Future<Void> onUpdate(ObjectNode svc, JsonNode old, Allocations ops) {
        if (!needsClusterIP(svc)) {
            allocatedIPs(old).forEach(ops::releaseIpLater); // to ExternalName: released once stored
            return Future.succeededFuture();
        }
        if (headless(svc)) {
            return Future.succeededFuture();
        }
        // From ExternalName; or an object stored before k3j allocated cluster IPs, which gets one at its next write.
        boolean noneYet = !needsClusterIP(old) || !headless(old) && clusterIPs(old).isEmpty();
        return noneYet ? onCreate(svc, ops) : Future.succeededFuture();
    }
}
