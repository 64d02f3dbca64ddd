package io.k3j.quota;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.Operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Services: {@code services}, {@code count/services}, {@code services.loadbalancers} and {@code services.nodeports}
 * (every port of a NodePort or LoadBalancer service; with allocateLoadBalancerNodePorts false, only ports that name a
 * nodePort). Charged on create and update, since an update can change the type.
 */
public final class ServiceEvaluator implements Evaluator {

    static final String COUNT = Evaluator.countName("", "services");
    private static final List<String> RESOURCES = List.of(COUNT, "services", "services.nodeports", "services.loadbalancers");

    @Override
    public String group() {
        return "";
    }

    @Override
    public String resource() {
        return "services";
    }

    @Override
    public boolean handles(Operation operation, String subresource, JsonNode object, JsonNode oldObject) {
        return subresource.isEmpty() && (operation == Operation.CREATE || operation == Operation.UPDATE);
    }

    @Override
    public List<String> matchingResources(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (RESOURCES.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public ResourceList usage(JsonNode svc, Instant now) {
        JsonNode spec = svc.path("spec");
        int ports = spec.path("ports").size();
        long nodePorts = 0;
        long loadBalancers = 0;
        switch (spec.path("type").asText("ClusterIP")) {
            case "NodePort" -> nodePorts = ports;
            case "LoadBalancer" -> {
                loadBalancers = 1;
                nodePorts = spec.path("allocateLoadBalancerNodePorts").isBoolean()
                        && !spec.path("allocateLoadBalancerNodePorts").asBoolean() ? explicitNodePorts(spec) : ports;
            }
            default -> { }
        }
        return ResourceList.EMPTY.with(COUNT, Quantity.ONE).with("services", Quantity.ONE)
                .with("services.loadbalancers", Quantity.of(loadBalancers)).with("services.nodeports", Quantity.of(nodePorts));
    }

    /** The type as quota sees it: only NodePort and LoadBalancer use more than a service. */
    public static String quotaType(JsonNode svc) {
        String t = svc.path("spec").path("type").asText("");
        return t.equals("NodePort") || t.equals("LoadBalancer") ? t : "";
    }

    private static long explicitNodePorts(JsonNode spec) {
        long n = 0;
        for (JsonNode p : spec.path("ports")) {
            if (p.path("nodePort").asInt(0) != 0) {
                n++;
            }
        }
        return n;
    }
}
