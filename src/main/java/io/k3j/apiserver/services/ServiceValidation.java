package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.k3j.api.schema.FieldError;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.k3j.apiserver.services.ServiceFields.NONE;
import static io.k3j.apiserver.services.ServiceFields.clusterIP;
import static io.k3j.apiserver.services.ServiceFields.clusterIPs;
import static io.k3j.apiserver.services.ServiceFields.goFamilies;
import static io.k3j.apiserver.services.ServiceFields.goStrings;
import static io.k3j.apiserver.services.ServiceFields.ipFamilies;
import static io.k3j.apiserver.services.ServiceFields.ipFamilyPolicy;
import static io.k3j.apiserver.services.ServiceFields.headless;
import static io.k3j.apiserver.services.ServiceFields.nodePort;
import static io.k3j.apiserver.services.ServiceFields.type;

/**
 * The parts of upstream's Service validation that decide what may be allocated, with its field paths and texts:
 * fields an ExternalName service may not carry, the consistency of clusterIP, clusterIPs, ipFamilies and
 * ipFamilyPolicy (ValidateServiceClusterIPsRelatedFields), headless NodePort services, the upgrade and downgrade
 * rules of an update (validateUpgradeDowngradeClusterIPs/-IPFamilies), node ports on a ClusterIP service and
 * duplicate node ports.
 */
final class ServiceValidation {

    private static final String INVALID_IP = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    private static final String EXTERNAL_NAME = "may not be set for ExternalName services";
    private static final List<String> FAMILIES = List.of("IPv4", "IPv6");
    private static final List<String> POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");

    private ServiceValidation() {
    }

    /** An ExternalName service carries no cluster IP and no family fields. */
    static List<FieldError> externalName(JsonNode svc) {
        List<FieldError> errors = new ArrayList<>();
        if (!type(svc).equals("ExternalName")) {
            return errors;
        }
        JsonNode spec = svc.path("spec");
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

    /** A NodePort or LoadBalancer service cannot be headless. */
    static List<FieldError> headlessNodePort(JsonNode svc) {
        if (headless(svc) && (type(svc).equals("NodePort") || type(svc).equals("LoadBalancer"))) {
            return List.of(FieldError.invalid("spec.clusterIPs[0]", NONE, "may not be set to 'None' for " + type(svc) + " services"));
        }
        return List.of();
    }

    /** Upstream's ValidateServiceClusterIPsRelatedFields, on any service but ExternalName. */
    static List<FieldError> clusterIpsRelated(JsonNode svc) {
        List<FieldError> errors = new ArrayList<>();
        if (type(svc).equals("ExternalName")) {
            return errors;
        }
        String ip = clusterIP(svc);
        List<String> ips = clusterIPs(svc);
        if (!ip.isEmpty()) {
            if (ips.isEmpty()) {
                errors.add(FieldError.required("spec.clusterIPs", ""));
            } else if (!ips.get(0).equals(ip)) {
                errors.add(invalidClusterIPs(ips, "first value must match `clusterIP`"));
            }
        } else if (!ips.isEmpty()) {
            errors.add(invalidClusterIPs(ips, "must be empty when `clusterIP` is not specified"));
        }
        List<String> families = ipFamilies(svc);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < families.size(); i++) {
            String f = families.get(i);
            if (!FAMILIES.contains(f)) {
                errors.add(FieldError.notSupported("spec.ipFamilies[" + i + "]", TextNode.valueOf(f), FAMILIES));
            }
            if (!seen.add(f)) {
                errors.add(FieldError.duplicate("spec.ipFamilies[" + i + "]", TextNode.valueOf(f)));
            }
        }
        String policy = ipFamilyPolicy(svc);
        if (policy != null && !POLICIES.contains(policy)) {
            errors.add(FieldError.notSupported("spec.ipFamilyPolicy", TextNode.valueOf(policy), POLICIES));
        }
        boolean invalidIps = false;
        for (int i = 0; i < ips.size(); i++) {
            if (i == 0 && ips.get(i).equals(NONE)) {
                if (ips.size() > 1) {
                    invalidIps = true;
                    errors.add(invalidClusterIPs(ips, "'None' must be the first and only value"));
                }
                continue;
            }
            if (IpText.parse(ips.get(i)) == null) {
                invalidIps = true;
                errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ips.get(i), INVALID_IP));
            }
        }
        if (ips.size() > 2) {
            errors.add(invalidClusterIPs(ips, "may only hold up to 2 values"));
        }
        if (invalidIps) {
            return errors; // family checks on bad addresses would only add noise
        }
        if (ips.size() > 1) {
            Set<String> ipFamilies = new HashSet<>();
            ips.forEach(a -> ipFamilies.add(IpText.family(IpText.parse(a))));
            if (ipFamilies.size() < 2) {
                errors.add(invalidClusterIPs(ips, "may specify no more than one IP for each IP family"));
            }
        }
        boolean headlessOnly = ips.size() == 1 && ips.get(0).equals(NONE);
        if (!headlessOnly && !ips.isEmpty() && !families.isEmpty()) {
            for (int i = 0; i < ips.size() && i < families.size(); i++) {
                String actual = IpText.family(IpText.parse(ips.get(i)));
                String wanted = families.get(i);
                if (FAMILIES.contains(wanted) && !wanted.equals(actual)) {
                    errors.add(FieldError.invalid("spec.clusterIPs[" + i + "]", ips.get(i),
                            "expected an " + wanted + " value as indicated by `ipFamilies[" + i + "]`"));
                }
            }
        }
        return errors;
    }

    /**
     * Upstream's rules for cluster IPs and families on update: the primary ones never change (unless the type goes
     * to or from ExternalName, or the service stays headless); a secondary one may be added, and dropped only under
     * SingleStack. A Service stored before k3j allocated has none: it gets them now.
     */
    static List<FieldError> upgradeDowngrade(JsonNode svc, JsonNode old) {
        List<FieldError> errors = new ArrayList<>();
        if (type(svc).equals("ExternalName") || type(old).equals("ExternalName")) {
            return errors;
        }
        boolean nowHeadless = onlyNone(svc);
        boolean wasHeadless = onlyNone(old);
        List<String> now = clusterIPs(svc);
        List<String> before = clusterIPs(old);
        String policy = ipFamilyPolicy(svc);
        boolean single = "SingleStack".equals(policy);
        String shownPolicy = policy == null ? "null" : policy;
        if (!(nowHeadless && wasHeadless)) {
            if (now.size() == before.size()) {
                for (int i = 0; i < before.size(); i++) {
                    if (!before.get(i).equals(now.get(i))) {
                        errors.add(invalid("spec.clusterIPs[" + i + "]", goStrings(now), "may not change once set"));
                    }
                }
            } else if (before.size() > now.size()) {
                if (now.isEmpty()) {
                    errors.add(invalid("spec.clusterIPs[0]", "[]string(nil)", "primary clusterIP can not be unset"));
                } else if (!now.get(0).equals(before.get(0))) {
                    errors.add(invalid("spec.clusterIPs[0]", goStrings(now), "may not change once set"));
                }
                if (now.size() == 1 && !single) {
                    errors.add(FieldError.invalid("spec.ipFamilyPolicy", shownPolicy,
                            "must be set to 'SingleStack' when releasing the secondary clusterIP"));
                }
            } else if (!before.isEmpty() && !now.get(0).equals(before.get(0))) {
                errors.add(invalid("spec.clusterIPs[0]", goStrings(now), "may not change once set"));
            }
        }
        if (nowHeadless || wasHeadless) {
            return errors; // headless services may change families, and so may a change to or from headless
        }
        List<String> fNow = ipFamilies(svc);
        List<String> fBefore = ipFamilies(old);
        if (fNow.size() == fBefore.size()) {
            for (int i = 0; i < fBefore.size(); i++) {
                if (!fBefore.get(i).equals(fNow.get(i))) {
                    errors.add(invalid("spec.ipFamilies[0]", goFamilies(fNow), "may not change once set"));
                }
            }
        } else if (fBefore.size() > fNow.size()) {
            if (now.isEmpty()) {
                errors.add(invalid("spec.ipFamilies[0]", goFamilies(fNow), "primary ipFamily can not be unset"));
            }
            if (!fNow.isEmpty() && !fNow.get(0).equals(fBefore.get(0))) {
                errors.add(invalid("spec.ipFamilies[0]", goStrings(now), "may not change once set"));
            }
            if (fNow.size() == 1 && !single) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", shownPolicy,
                        "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        } else if (!fBefore.isEmpty() && !fNow.isEmpty() && !fNow.get(0).equals(fBefore.get(0))) {
            errors.add(invalid("spec.ipFamilies[0]", goStrings(now), "may not change once set"));
        }
        return errors;
    }

    /** Upstream's isHeadlessService: clusterIPs is exactly ["None"]. */
    private static boolean onlyNone(JsonNode svc) {
        List<String> ips = clusterIPs(svc);
        return ips.size() == 1 && ips.get(0).equals(NONE);
    }

    /** An Invalid error whose value is printed as given (a Go slice, as upstream's %#v). */
    private static FieldError invalid(String field, String printedValue, String detail) {
        return new FieldError(field, FieldError.Type.INVALID, null, printedValue + ": " + detail);
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
