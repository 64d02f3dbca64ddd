package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.k3j.apiserver.services.ServiceFields.healthCheckNodePort;
import static io.k3j.apiserver.services.ServiceFields.needsClusterIP;
import static io.k3j.apiserver.services.ServiceFields.needsExternalTrafficPolicy;
import static io.k3j.apiserver.services.ServiceFields.needsHealthCheckNodePort;
import static io.k3j.apiserver.services.ServiceFields.needsNodePort;
import static io.k3j.apiserver.services.ServiceFields.nodePort;
import static io.k3j.apiserver.services.ServiceFields.portNodePorts;

/**
 * The two update rules upstream's service registry applies around allocation, as pure functions on the JSON:
 * allocated values a client left out are kept (a PUT or apply without clusterIP or nodePort keeps them), and values
 * that only served the old type are dropped when the type changes and the client did not touch them.
 */
final class ServiceUpdateRules {

    private ServiceUpdateRules() {
    }

    /** Upstream's patchAllocatedValues: fills what the new object omits from the old one, where both need it. */
    static void keepAllocatedValues(ObjectNode svc, JsonNode old) {
        ObjectNode spec = svc.with("spec");
        JsonNode oldSpec = old.path("spec");
        if (needsClusterIP(old) && needsClusterIP(svc)) {
            if (spec.path("clusterIP").asText("").isEmpty() && oldSpec.hasNonNull("clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            }
            if (spec.path("clusterIPs").isEmpty() && oldSpec.path("clusterIPs").size() > 0) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (needsNodePort(old) && needsNodePort(svc)) {
            Set<Integer> used = new HashSet<>(portNodePorts(old));
            used.retainAll(portNodePorts(svc)); // already in the new object: not to be handed to another port
            Map<String, Integer> byName = new HashMap<>();
            for (JsonNode p : oldSpec.path("ports")) {
                byName.put(p.path("name").asText(""), nodePort(p));
            }
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port && nodePort(port) == 0) {
                    int previous = byName.getOrDefault(port.path("name").asText(""), 0);
                    if (previous != 0 && !used.contains(previous)) {
                        port.put("nodePort", previous);
                    }
                }
            }
        }
        if (needsHealthCheckNodePort(old) && needsHealthCheckNodePort(svc) && healthCheckNodePort(svc) == 0
                && healthCheckNodePort(old) != 0) {
            spec.put("healthCheckNodePort", healthCheckNodePort(old));
        }
    }

    /**
     * Upstream's dropTypeDependentFields: on a type change, fields the new type does not use are cleared when they
     * still hold what the old object had (so they were allocated or defaulted for the old type); a value the client
     * changed is left for validation to judge.
     */
    static void dropTypeDependentFields(ObjectNode svc, JsonNode old) {
        ObjectNode spec = svc.with("spec");
        JsonNode oldSpec = old.path("spec");
        if (needsClusterIP(old) && !needsClusterIP(svc)) {
            if (same(spec, oldSpec, "clusterIP") && same(spec, oldSpec, "clusterIPs")) {
                spec.remove("clusterIP");
                spec.remove("clusterIPs");
            }
            if (same(spec, oldSpec, "ipFamilies")) {
                spec.remove("ipFamilies");
            }
            if (same(spec, oldSpec, "ipFamilyPolicy")) {
                spec.remove("ipFamilyPolicy");
            }
        }
        if (needsNodePort(old) && !needsNodePort(svc) && portNodePorts(old).containsAll(portNodePorts(svc))) {
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port) {
                    port.remove("nodePort");
                }
            }
        }
        if (needsHealthCheckNodePort(old) && !needsHealthCheckNodePort(svc) && same(spec, oldSpec, "healthCheckNodePort")) {
            spec.remove("healthCheckNodePort");
        }
        boolean wasLoadBalancer = ServiceFields.type(old).equals("LoadBalancer");
        if (wasLoadBalancer && !ServiceFields.type(svc).equals("LoadBalancer")) {
            if (spec.has("allocateLoadBalancerNodePorts") && same(spec, oldSpec, "allocateLoadBalancerNodePorts")) {
                spec.remove("allocateLoadBalancerNodePorts");
            }
            if (same(spec, oldSpec, "loadBalancerClass")) {
                spec.remove("loadBalancerClass");
            }
        }
        if (needsExternalTrafficPolicy(old) && !needsExternalTrafficPolicy(svc) && same(spec, oldSpec, "externalTrafficPolicy")) {
            spec.remove("externalTrafficPolicy");
        }
    }

    private static boolean same(JsonNode spec, JsonNode oldSpec, String field) {
        return Objects.equals(spec.get(field), oldSpec.get(field));
    }
}
