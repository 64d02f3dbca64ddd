package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.k3j.apiserver.services.ServiceFields.allocatesNodePorts;
import static io.k3j.apiserver.services.ServiceFields.healthCheckNodePort;
import static io.k3j.apiserver.services.ServiceFields.needsHealthCheckNodePort;
import static io.k3j.apiserver.services.ServiceFields.needsNodePort;
import static io.k3j.apiserver.services.ServiceFields.nodePort;
import static io.k3j.apiserver.services.ServiceFields.portNodePorts;

/**
 * A Service's node ports on create and update, as upstream's initNodePorts, updateNodePorts and the health check
 * port rules: NodePort and LoadBalancer services get one per port (ports sharing a port number, e.g. TCP and UDP 53,
 * share one; a LoadBalancer with allocateLoadBalancerNodePorts=false gets only those it asks for), requested ports
 * are claimed or refused with a 422 on {@code spec.ports[i].nodePort}; a LoadBalancer with externalTrafficPolicy
 * Local also gets a healthCheckNodePort.
 */
final class NodePortAssignment {

    private NodePortAssignment() {
    }

    static Future<Void> onCreate(ObjectNode svc, Allocations ops) {
        if (!needsNodePort(svc)) {
            return Future.succeededFuture();
        }
        JsonNode ports = svc.path("spec").path("ports");
        Map<Integer, Integer> byServicePort = new HashMap<>();
        return ServiceErrors.each(ports.size(), i -> {
            ObjectNode p = (ObjectNode) ports.get(i);
            int np = nodePort(p);
            if (np == 0 && !allocatesNodePorts(svc)) {
                return Future.succeededFuture(); // not allocated, but a requested one still is
            }
            int servicePort = p.path("port").asInt();
            Integer shared = byServicePort.get(servicePort);
            if (shared == null) {
                int requested = requestedFor(servicePort, ports);
                return claim(svc, ops, i, requested).map(got -> {
                    ServiceFields.setNodePort(p, got);
                    byServicePort.put(servicePort, got);
                    return null;
                });
            }
            if (np == 0) {
                ServiceFields.setNodePort(p, shared);
                return Future.succeededFuture();
            }
            return np == shared ? Future.succeededFuture() : claim(svc, ops, i, np).mapEmpty();
        });
    }

    static Future<Void> onUpdate(ObjectNode svc, JsonNode old, Allocations ops) {
        if (needsNodePort(old) && !needsNodePort(svc)) {
            portNodePorts(old).forEach(ops::releasePortLater);
        }
        if (!needsNodePort(svc)) {
            return Future.succeededFuture();
        }
        Set<Integer> before = portNodePorts(old);
        Set<Integer> claimed = new HashSet<>();
        JsonNode ports = svc.path("spec").path("ports");
        return ServiceErrors.each(ports.size(), i -> {
            ObjectNode p = (ObjectNode) ports.get(i);
            int np = nodePort(p);
            if (np == 0 && !allocatesNodePorts(svc)) {
                return Future.succeededFuture();
            }
            if (np != 0 && (before.contains(np) || claimed.contains(np))) {
                return Future.succeededFuture(); // kept from before, or claimed for an earlier port of this update
            }
            return claim(svc, ops, i, np).map(got -> {
                ServiceFields.setNodePort(p, got);
                claimed.add(got);
                return null;
            });
        }).map(v -> {
            Set<Integer> after = portNodePorts(svc);
            before.stream().filter(port -> !after.contains(port)).forEach(ops::releasePortLater);
            return null;
        });
    }

    static Future<Void> healthCheckOnCreate(ObjectNode svc, Allocations ops) {
        if (!needsHealthCheckNodePort(svc)) {
            return Future.succeededFuture();
        }
        int requested = healthCheckNodePort(svc);
        return ops.port(requested).<Void>map(got -> {
            svc.with("spec").put("healthCheckNodePort", got);
            return null;
        }).recover(e -> Future.failedFuture(ServiceErrors.internal(requested != 0
                ? "failed to allocate requested HealthCheck NodePort " + requested
                : "failed to allocate a HealthCheck NodePort 0", e)));
    }

    static Future<Void> healthCheckOnUpdate(ObjectNode svc, JsonNode old, Allocations ops) {
        boolean needed = needsHealthCheckNodePort(old);
        boolean needs = needsHealthCheckNodePort(svc);
        if (!needed && needs) {
            return healthCheckOnCreate(svc, ops);
        }
        if (needed && !needs && healthCheckNodePort(old) != 0) {
            ops.releasePortLater(healthCheckNodePort(old));
        } else if (needed && needs && healthCheckNodePort(svc) != healthCheckNodePort(old)) {
            return ServiceErrors.check(svc, List.of(ServiceValidation.invalidHealthCheckNodePort(healthCheckNodePort(svc))));
        }
        return Future.succeededFuture();
    }

    /** Claims {@code requested} (0: any) for port {@code i}: a refused request is a 422, a full range a 500. */
    private static Future<Integer> claim(ObjectNode svc, Allocations ops, int i, int requested) {
        return ops.port(requested).recover(e -> Future.failedFuture(requested == 0
                ? ServiceErrors.internal("failed to allocate a nodePort", e)
                : e instanceof AllocationError ? ServiceErrors.invalid(svc, List.of(
                        ServiceValidation.invalidNodePort(i, requested, e.getMessage()))) : e));
    }

    /** The first nodePort asked for among the ports with this port number (0: none). */
    private static int requestedFor(int servicePort, JsonNode ports) {
        for (JsonNode p : ports) {
            if (p.path("port").asInt() == servicePort && nodePort(p) != 0) {
                return nodePort(p);
            }
        }
        return 0;
    }
}
