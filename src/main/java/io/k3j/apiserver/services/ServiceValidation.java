package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.k3j.api.schema.FieldError;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.k3j.apiserver.services.ServiceFields.NONE;
import static io.k3j.apiserver.services.ServiceFields.clusterIPs;
import static io.k3j.apiserver.services.ServiceFields.goStrings;
import static io.k3j.apiserver.services.ServiceFields.headless;
import static io.k3j.apiserver.services.ServiceFields.nodePort;
import static io.k3j.apiserver.services.ServiceFields.type;

/**
 * The parts of upstream's Service validation that decide what may be allocated, with its field paths and texts:
 * cluster IP syntax and families (a single-stack cluster), fields an ExternalName service may not carry, node ports
 * on a ClusterIP service, duplicate node ports, and cluster IPs that may not change once set.
 */
final class ServiceValidation {

    private static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    private static final String EXTERNAL_NAME = "may not be set for ExternalName services";

    private ServiceValidation() {
    }

    /** What must hold before anything is allocated for {@code svc} on a cluster of {@code family}. */
    static List<FieldError> beforeAllocation(JsonNode svc, String family) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = svc.path("spec");
        if (type(svc).equals("ExternalName")) {
            if (!spec.path("clusterIP").asText("").isEmpty() || spec.path("clusterIPs").size() > 0) {
                errors.add(FieldError.forbidden("spec.clusterIPs", EXTERNAL_NAME));
            }
            if (spec.path("ipFamilies").size() > 0) {
                errors.add(FieldError.forbidden("spec.ipFamilies", EXTERNAL_NAME));
            }
            if (spec.hasNonNull("ipFamilyPolicy")) {
                errors.add(FieldError.forbidden("spec.ipFamilyPolicy", EXTERNAL_NAME));
            }
            return errors;
        }
        List<String> ips = clusterIPs(svc);
        boolean familyMismatch = false;
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i);
            if (i == 0 && ip.equals(NONE)) {
                continue;
            }
            InetAddress address = IpText.parse(ip);
            if (address == null) {
                errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ip, INVALID_IP));
            } else if (!IpText.family(address).equals(family)) {
                familyMismatch = true;
                errors.add(new FieldError("spec.clusterIPs[" + i + "]", FieldError.Type.INVALID, null,
                        goStrings(ips) + ": " + IpText.family(address) + " is not configured on this cluster"));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        if (headless(svc) && (type(svc).equals("NodePort") || type(svc).equals("LoadBalancer"))) {
            errors.add(FieldError.invalid("spec.clusterIPs[0]", NONE, "may not be set to 'None' for " + type(svc) + " services"));
        }
        boolean headlessSelectorless = headless(svc) && spec.path("selector").isEmpty();
        if (headlessSelectorless) {
            return errors; // its endpoints are the user's: any family goes, even on a single-stack cluster
        }
        String policy = spec.path("ipFamilyPolicy").asText("SingleStack");
        JsonNode families = spec.path("ipFamilies");
        if (policy.equals("SingleStack") && families.size() > 1) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
        }
        if (policy.equals("RequireDualStack")) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < families.size() && !familyMismatch; i++) {
            if (!families.get(i).asText().equals(family)) {
                errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", families.get(i).asText(), "not configured on this cluster"));
            }
        }
        return errors;
    }

    /** Upstream's rule for cluster IPs on update: none changes once set, unless the type goes to or from ExternalName. */
    static List<FieldError> clusterIpsUnchanged(JsonNode svc, JsonNode old) {
        List<FieldError> errors = new ArrayList<>();
        if (type(svc).equals("ExternalName") || type(old).equals("ExternalName") || headless(svc) && headless(old)) {
            return errors;
        }
        List<String> now = clusterIPs(svc);
        List<String> before = clusterIPs(old);
        if (before.isEmpty()) {
            return errors; // nothing was set (an object stored before k3j allocated): one is allocated now
        }
        if (now.isEmpty()) {
            errors.add(new FieldError("spec.clusterIPs[0]", FieldError.Type.INVALID, null,
                    "[]string(nil): primary clusterIP can not be unset"));
            return errors;
        }
        int common = Math.min(now.size(), before.size());
        for (int i = 0; i < common; i++) {
            if (!now.get(i).equals(before.get(i)) && (i == 0 || now.size() == before.size())) {
                errors.add(new FieldError("spec.clusterIPs[" + i + "]", FieldError.Type.INVALID, null,
                        goStrings(now) + ": may not change once set"));
            }
        }
        return errors;
    }

    /** What must hold of the object once allocated: node ports only where the type uses them, none twice. */
    static List<FieldError> afterAllocation(JsonNode svc) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode ports = svc.path("spec").path("ports");
        if (type(svc).equals("ClusterIP")) {
            for (int i = 0; i < ports.size(); i++) {
                if (nodePort(ports.get(i)) != 0) {
                    errors.add(FieldError.forbidden("spec.ports[" + i + "].nodePort", "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            int np = nodePort(ports.get(i));
            if (np != 0 && !seen.add(ports.get(i).path("protocol").asText("TCP") + "/" + np)) {
                errors.add(FieldError.duplicate("spec.ports[" + i + "].nodePort", IntNode.valueOf(np)));
            }
        }
        return errors;
    }

    static FieldError invalidNodePort(int index, int port, String detail) {
        return FieldError.invalid("spec.ports[" + index + "].nodePort", IntNode.valueOf(port), detail);
    }

    static FieldError invalidClusterIPs(List<String> ips, String detail) {
        return new FieldError("spec.clusterIPs", FieldError.Type.INVALID, null, goStrings(ips) + ": " + detail);
    }

    static FieldError invalidHealthCheckNodePort(int port) {
        return FieldError.invalid("spec.healthCheckNodePort", IntNode.valueOf(port),
                "cannot change healthCheckNodePort on loadBalancer service with externalTraffic=Local during update");
    }
}
