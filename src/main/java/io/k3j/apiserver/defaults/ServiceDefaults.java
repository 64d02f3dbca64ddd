package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.nonEmptyArray;
import static io.k3j.apiserver.defaults.Fields.nonEmptyObject;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * upstream's SetDefaults_Service, plus the IP-family fields upstream's allocator fills before it allocates (on every
 * write, so a dry run and a Service whose write is refused show them too): a single-stack cluster's services are
 * SingleStack of the service network's family, and a headless service without selector is RequireDualStack over
 * the cluster's families, as upstream records them. The addresses and node ports themselves come from
 * {@code io.k3j.apiserver.services} after admission, which checks these fields against the cluster.
 */
final class ServiceDefaults {

    /** ClientIP affinity lasts three hours unless the service says otherwise. */
    static final int CLIENT_IP_TIMEOUT_SECONDS = 10800;
    private static final Set<String> INTERNAL_POLICY_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");

    private final String ipFamily;

    /** @param ipFamily the service network's family, "IPv4" or "IPv6" */
    ServiceDefaults(String ipFamily) {
        this.ipFamily = ipFamily;
    }

    void service(ObjectNode svc) {
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
        if (!type.equals("ExternalName")) {
            clusterIps(spec);
            ipFamilies(spec);
        }
    }

    /** clusterIP and clusterIPs name the same primary address; either one given fills the other. */
    private static void clusterIps(ObjectNode spec) {
        String ip = spec.path("clusterIP").asText("");
        boolean ips = nonEmptyArray(spec, "clusterIPs");
        if (!ip.isEmpty() && !ips) {
            spec.putArray("clusterIPs").add(ip);
        } else if (ip.isEmpty() && ips) {
            spec.put("clusterIP", spec.get("clusterIPs").get(0).asText());
        }
    }

    private void ipFamilies(ObjectNode spec) {
        boolean headlessNoSelector = "None".equals(spec.path("clusterIP").asText())
                && !nonEmptyObject(spec, "selector");
        text(spec, "ipFamilyPolicy", headlessNoSelector ? "RequireDualStack" : "SingleStack");
        if (!nonEmptyArray(spec, "ipFamilies")) {
            ArrayNode families = spec.putArray("ipFamilies");
            if (!headlessNoSelector) {
                for (JsonNode ip : spec.path("clusterIPs")) {
                    String a = ip.asText("");
                    if (!a.isEmpty() && !a.equals("None")) {
                        families.add(a.contains(":") ? "IPv6" : "IPv4");
                    }
                }
            }
            if (families.isEmpty()) {
                families.add(ipFamily);
            }
        }
        // A headless service without selector may carry both families even on a single-stack cluster (its endpoints
        // are the user's): upstream's allocator adds the other family when it requires dual stack.
        ArrayNode families = (ArrayNode) spec.get("ipFamilies");
        if (headlessNoSelector && families.size() == 1 && spec.path("ipFamilyPolicy").asText().equals("RequireDualStack")) {
            families.add(families.get(0).asText().equals("IPv4") ? "IPv6" : "IPv4");
        }
    }
}
