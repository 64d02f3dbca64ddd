package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

import static io.k3j.apiserver.services.ServiceFields.allocatedIPs;
import static io.k3j.apiserver.services.ServiceFields.clusterIPs;
import static io.k3j.apiserver.services.ServiceFields.headless;
import static io.k3j.apiserver.services.ServiceFields.ipFamilies;
import static io.k3j.apiserver.services.ServiceFields.needsClusterIP;
import static io.k3j.apiserver.services.ServiceFields.setList;

/**
 * A Service's cluster IPs on create and update, as upstream's allocClusterIPs/updateClusterIPs: one address per
 * entry of spec.ipFamilies (already defaulted by {@link IpFamilyFields}) from the service network of that family.
 * ExternalName and headless services get none; a requested address is claimed or refused with a 422 on
 * {@code spec.clusterIPs}; a missing one is drawn at random (500 {@code range is full} when its family has none
 * left, and what the other family gave goes back with the rest of the write). On update: a type change to
 * ExternalName gives the addresses up once the update is stored, one from ExternalName allocates anew, a second
 * family added (upgrade to dual-stack) gets its address, a second family dropped (downgrade) gives its address up.
 */
final class ClusterIpAssignment {

    private ClusterIpAssignment() {
    }

    static Future<Void> onCreate(ObjectNode svc, Allocations ops) {
        if (!needsClusterIP(svc) || headless(svc)) {
            return Future.succeededFuture();
        }
        List<String> families = ipFamilies(svc);
        List<String> ips = new ArrayList<>(clusterIPs(svc));
        while (ips.size() < families.size()) {
            ips.add(""); // a marker: allocate one
        }
        setList(svc, "clusterIPs", ips);
        return ServiceErrors.each(families.size(), i -> allocate(svc, families.get(i), i, ops));
    }

    static Future<Void> onUpdate(ObjectNode svc, JsonNode old, Allocations ops) {
        if (IpFamilyFields.matchingPreferDualStack(svc, old)) {
            return Future.succeededFuture();
        }
        if (!needsClusterIP(old) && needsClusterIP(svc)) {
            return onCreate(svc, ops);
        }
        if (headless(old)) {
            return Future.succeededFuture();
        }
        if (!needsClusterIP(svc)) {
            allocatedIPs(old).forEach(ops::releaseIpLater); // to ExternalName: released once stored
            return Future.succeededFuture();
        }
        if (headless(svc)) {
            return Future.succeededFuture();
        }
        if (clusterIPs(old).isEmpty()) {
            return onCreate(svc, ops); // stored before k3j allocated cluster IPs: it gets them at its next write
        }
        List<String> familiesBefore = ipFamilies(old);
        List<String> families = ipFamilies(svc);
        if (familiesBefore.size() == 1 && families.size() == 2) {
            List<String> ips = new ArrayList<>(clusterIPs(svc));
            if (ips.size() < 2) {
                ips.add("");
                setList(svc, "clusterIPs", ips);
            }
            return allocate(svc, families.get(1), 1, ops);
        }
        if (familiesBefore.size() == 2 && families.size() == 1 && clusterIPs(old).size() > 1) {
            ops.releaseIpLater(clusterIPs(old).get(1)); // the primary stays: changing it is refused by validation
        }
        return Future.succeededFuture();
    }

    /** Claims the {@code index}-th address (requested, or any of {@code family} for a marker) and records it. */
    private static Future<Void> allocate(ObjectNode svc, String family, int index, Allocations ops) {
        List<String> shown = clusterIPs(svc);
        String requested = shown.get(index);
        return ops.ip(family, requested).<Void>map(ip -> {
            List<String> ips = new ArrayList<>(clusterIPs(svc));
            ips.set(index, ip);
            setList(svc, "clusterIPs", ips);
            if (index == 0) {
                svc.with("spec").put("clusterIP", ip);
            }
            return null;
        }).recover(e -> Future.failedFuture(requested.isEmpty()
                ? ServiceErrors.internal("failed to allocate a serviceIP", e)
                : e instanceof AllocationError ? ServiceErrors.invalid(svc, List.of(ServiceValidation.invalidClusterIPs(shown,
                        "failed to allocate IP " + requested + ": " + e.getMessage()))) : e));
    }
}
