package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.nonEmptyArray;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * upstream's SetDefaults_Service. The IP fields (clusterIP and clusterIPs in step, ipFamilyPolicy, ipFamilies) are
 * not defaults but the service registry's, as upstream's: they depend on the cluster's service networks and, on an
 * update, on the stored object (a PUT without ipFamilyPolicy keeps the old policy), so
 * {@code io.k3j.apiserver.services} fills them after mutating admission, dry runs included.
 */
final class ServiceDefaults {

    /** ClientIP affinity lasts three hours unless the service says otherwise. */
    static final int CLIENT_IP_TIMEOUT_SECONDS = 10800;
    private static final Set<String> INTERNAL_POLICY_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");

    private ServiceDefaults() {
    }

    static void service(ObjectNode svc) {
        ObjectNode spec = object(svc, "spec");
        text(spec, "sessionAffinity", "None");
        String affinity = spec.path("sessionAffinity").asText();
        if (affinity.equals("None")) {
            spec.remove("sessionAffinityConfig");
        } else if (affinity.equals("ClientIP")
                && spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").isMissingNode()) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", CLIENT_IP_TIMEOUT_SECONDS);
        }
        text(spec, "type", "ClusterIP");
        String type = spec.path("type").asText();
        eachObject(spec, "ports", p -> {
            text(p, "protocol", "TCP");
            JsonNode target = p.get("targetPort");
            if (target == null || target.isNull() || (target.isNumber() && target.asInt() == 0)
                    || (target.isTextual() && target.asText().isEmpty())) {
                if (p.has("port")) {
                    p.set("targetPort", p.get("port").deepCopy());
                }
            }
        });
        boolean external = type.equals("LoadBalancer") || type.equals("NodePort")
                || (type.equals("ClusterIP") && nonEmptyArray(spec, "externalIPs"));
        if (external) {
            text(spec, "externalTrafficPolicy", "Cluster");
        }
        if (absent(spec, "internalTrafficPolicy") && INTERNAL_POLICY_TYPES.contains(type)) {
            spec.put("internalTrafficPolicy", "Cluster");
        }
        ObjectNode lb = object(object(svc, "status"), "loadBalancer"); // structs upstream: always printed
        if (type.equals("LoadBalancer")) {
            bool(spec, "allocateLoadBalancerNodePorts", true);
            eachObject(lb, "ingress", i -> {
                if (!i.path("ip").asText("").isEmpty() && absent(i, "ipMode")) {
                    i.put("ipMode", "VIP");
                }
            });
        }
    }
}
