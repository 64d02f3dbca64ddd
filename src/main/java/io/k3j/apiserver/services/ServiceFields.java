package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads of a Service's spec that the allocation rules ask, in upstream's terms (needsClusterIP, ...). */
final class ServiceFields {

    static final String NONE = "None";

    private ServiceFields() {
    }

    static ObjectNode spec(ObjectNode svc) {
        return svc.with("spec");
    }

    static String type(JsonNode svc) {
        return svc.path("spec").path("type").asText("ClusterIP");
    }

    static boolean needsClusterIP(JsonNode svc) {
        return !type(svc).equals("ExternalName");
    }

    static boolean needsNodePort(JsonNode svc) {
        String t = type(svc);
        return t.equals("NodePort") || t.equals("LoadBalancer");
    }

    /** A LoadBalancer with externalTrafficPolicy Local: its nodes answer health checks on a node port. */
    static boolean needsHealthCheckNodePort(JsonNode svc) {
        return type(svc).equals("LoadBalancer") && svc.path("spec").path("externalTrafficPolicy").asText("").equals("Local");
    }

    static boolean needsExternalTrafficPolicy(JsonNode svc) {
        return needsNodePort(svc);
    }

    /** Whether ports without a nodePort get one (a LoadBalancer may opt out with allocateLoadBalancerNodePorts). */
    static boolean allocatesNodePorts(JsonNode svc) {
        return type(svc).equals("NodePort")
                || type(svc).equals("LoadBalancer") && svc.path("spec").path("allocateLoadBalancerNodePorts").asBoolean(true);
    }

    static List<String> clusterIPs(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode ip : svc.path("spec").path("clusterIPs")) {
            out.add(ip.asText(""));
        }
        return out;
    }

    static List<String> ipFamilies(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : svc.path("spec").path("ipFamilies")) {
            out.add(f.asText(""));
        }
        return out;
    }

    /** spec.ipFamilyPolicy, or null when the object has none. */
    static String ipFamilyPolicy(JsonNode svc) {
        JsonNode p = svc.path("spec").path("ipFamilyPolicy");
        return p.isTextual() ? p.asText() : null;
    }

    static String clusterIP(JsonNode svc) {
        return svc.path("spec").path("clusterIP").asText("");
    }

    static boolean hasSelector(JsonNode svc) {
        JsonNode selector = svc.path("spec").path("selector");
        return selector.isObject() && !selector.isEmpty();
    }

    /** Headless and without selector: its endpoints are the user's, so it may take both families anywhere. */
    static boolean headlessSelectorless(JsonNode svc) {
        return NONE.equals(clusterIP(svc)) && !hasSelector(svc);
    }

    static void setList(ObjectNode svc, String field, List<String> values) {
        com.fasterxml.jackson.databind.node.ArrayNode a = svc.with("spec").putArray(field);
        values.forEach(a::add);
    }

    static boolean headless(JsonNode svc) {
        List<String> ips = clusterIPs(svc);
        return !ips.isEmpty() && ips.get(0).equals(NONE) || NONE.equals(svc.path("spec").path("clusterIP").asText(""));
    }

    /** The addresses the service holds (none for ExternalName and headless services). */
    static List<String> allocatedIPs(JsonNode svc) {
        if (!needsClusterIP(svc) || headless(svc)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String ip : clusterIPs(svc)) {
            if (!ip.isEmpty()) {
                out.add(ip);
            }
        }
        return out;
    }

    static int nodePort(JsonNode port) {
        return port.path("nodePort").asInt(0);
    }

    static int healthCheckNodePort(JsonNode svc) {
        return svc.path("spec").path("healthCheckNodePort").asInt(0);
    }

    /** Every distinct node port of the service's ports (not the health check port). */
    static Set<Integer> portNodePorts(JsonNode svc) {
        Set<Integer> out = new LinkedHashSet<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (nodePort(p) != 0) {
                out.add(nodePort(p));
            }
        }
        return out;
    }

    /** Every node port the service holds, the health check port included. */
    static Set<Integer> allNodePorts(JsonNode svc) {
        Set<Integer> out = portNodePorts(svc);
        if (healthCheckNodePort(svc) != 0) {
            out.add(healthCheckNodePort(svc));
        }
        return out;
    }

    static void setNodePort(ObjectNode port, int value) {
        if (value == 0) {
            port.remove("nodePort");
        } else {
            port.put("nodePort", value);
        }
    }

    /** {@code []string{"a", "b"}}: how upstream's errors print a string slice (Go's %#v). */
    static String goStrings(List<String> values) {
        return goSlice("[]string", values);
    }

    /** {@code []core.IPFamily{"IPv4", "IPv6"}}: how upstream's validation (on internal types) prints ipFamilies. */
    static String goFamilies(List<String> values) {
        return goSlice("[]core.IPFamily", values);
    }

    private static String goSlice(String type, List<String> values) {
        StringBuilder sb = new StringBuilder(type + "{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }
}
