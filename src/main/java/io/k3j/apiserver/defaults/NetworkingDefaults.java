package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.nonEmptyArray;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * networking.k8s.io/v1 and discovery.k8s.io/v1: NetworkPolicy and IngressClass (an Ingress path's pathType is
 * required, not defaulted); an EndpointSlice port is TCP and named "" when unnamed.
 */
final class NetworkingDefaults {

    private NetworkingDefaults() {
    }

    static void networking(String resource, ObjectNode obj) {
        switch (resource) {
            case "networkpolicies" -> networkPolicy(object(obj, "spec"));
            // An IngressClass's parameters are a cluster-scoped object unless it says otherwise.
            case "ingressclasses" -> ifObject(object(obj, "spec"), "parameters", p -> text(p, "scope", "Cluster"));
            default -> {
            }
        }
    }

    private static void networkPolicy(ObjectNode spec) {
        eachObject(spec, "ingress", rule -> eachObject(rule, "ports", p -> text(p, "protocol", "TCP")));
        eachObject(spec, "egress", rule -> eachObject(rule, "ports", p -> text(p, "protocol", "TCP")));
        // A policy always isolates ingress; egress too once it lists egress rules.
        if (!nonEmptyArray(spec, "policyTypes")) {
            ArrayNode types = spec.putArray("policyTypes").add("Ingress");
            if (nonEmptyArray(spec, "egress")) {
                types.add("Egress");
            }
        }
    }

    static void discovery(String resource, ObjectNode obj) {
        if (resource.equals("endpointslices")) {
            eachObject(obj, "ports", p -> {
                if (Fields.absent(p, "name")) {
                    p.put("name", "");
                }
                if (Fields.absent(p, "protocol")) {
                    p.put("protocol", "TCP");
                }
            });
        }
    }
}
