package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.schema.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static io.k3j.apiserver.services.ServiceFields.NONE;
import static io.k3j.apiserver.services.ServiceFields.clusterIP;
import static io.k3j.apiserver.services.ServiceFields.clusterIPs;
import static io.k3j.apiserver.services.ServiceFields.goStrings;
import static io.k3j.apiserver.services.ServiceFields.headlessSelectorless;
import static io.k3j.apiserver.services.ServiceFields.ipFamilies;
import static io.k3j.apiserver.services.ServiceFields.ipFamilyPolicy;
import static io.k3j.apiserver.services.ServiceFields.setList;
import static io.k3j.apiserver.services.ServiceFields.type;

/**
 * A Service's clusterIP, clusterIPs, ipFamilyPolicy and ipFamilies made consistent with each other and with the
 * cluster's service networks before anything is allocated, as upstream's service registry does on every create
 * and update (NormalizeClusterIPs, initIPFamilyFields), dry runs included, with its 422 texts:
 * <ul>
 *   <li>a policy left out is the old object's on an update, RequireDualStack for a headless service without
 *       selector, SingleStack otherwise;</li>
 *   <li>families left out follow the requested addresses, then the cluster's primary family; PreferDualStack and
 *       RequireDualStack add the other family on a dual-stack cluster (a headless service without selector gets
 *       both even on a single-stack one, since its endpoints are the user's);</li>
 *   <li>an update to SingleStack that leaves both addresses (or families) as they were drops the secondary one
 *       (the downgrade); with another policy, dropping the secondary one is refused;</li>
 *   <li>a PreferDualStack service that the update does not touch keeps what it has, even if the cluster's
 *       families changed since (no automatic upgrade or downgrade).</li>
 * </ul>
 */
final class IpFamilyFields {

    static final String SINGLE = "SingleStack";
    static final String PREFER = "PreferDualStack";
    static final String REQUIRE = "RequireDualStack";

    private IpFamilyFields() {
    }

    /**
     * Upstream's NormalizeClusterIPs: keeps clusterIP and clusterIPs in step. On create, an old client's clusterIP
     * alone becomes clusterIPs; on update, clusterIPs an old client left out are kept while clusterIP is unchanged,
     * cleared with a cleared clusterIP, and follow a changed clusterIP.
     *
     * @param old the stored object on an update, null on a create
     */
    static void normalizeClusterIPs(ObjectNode svc, JsonNode old) {
        String ip = clusterIP(svc);
        List<String> ips = clusterIPs(svc);
        if (old == null) {
            if (!ip.isEmpty() && ips.isEmpty()) {
                setList(svc, "clusterIPs", List.of(ip));
            }
            return;
        }
        String oldIp = clusterIP(old);
        List<String> oldIps = clusterIPs(old);
        if (!oldIps.isEmpty() && ips.isEmpty() && oldIp.equals(ip)) {
            setList(svc, "clusterIPs", oldIps);
            ips = oldIps;
        }
        if (!oldIp.equals(ip)) {
            if (!oldIp.isEmpty() && ip.isEmpty() && oldIps.equals(ips)) {
                svc.with("spec").remove("clusterIPs");
            }
            if (!ip.isEmpty() && oldIps.equals(ips)) {
                setList(svc, "clusterIPs", List.of(ip));
            }
        }
    }

    /**
     * Defaults and checks the family fields of a Service that gets cluster IPs (not ExternalName) against the
     * cluster's {@code families} (primary first); the errors, if any, are upstream's 422 causes.
     *
     * @param old the stored object on an update, null on a create
     */
    static List<FieldError> init(ObjectNode svc, JsonNode old, List<String> families) {
        if (type(svc).equals("ExternalName") || matchingPreferDualStack(svc, old)) {
            return List.of();
        }
        ObjectNode spec = svc.with("spec");
        if (ipFamilyPolicy(svc) == null) {
            String oldPolicy = old == null ? null : ipFamilyPolicy(old);
            spec.put("ipFamilyPolicy", oldPolicy != null ? oldPolicy : headlessSelectorless(svc) ? REQUIRE : SINGLE);
        }
        String policy = ipFamilyPolicy(svc);
        List<FieldError> related = ServiceValidation.clusterIpsRelated(svc);
        if (!related.isEmpty()) {
            return related;
        }
        List<FieldError> errors = new ArrayList<>();
        if (old != null) {
            if (policy.equals(SINGLE)) {
                // an unchanged second address or family under SingleStack is the request to give it up
                if (clusterIPs(svc).equals(clusterIPs(old)) && clusterIPs(svc).size() > 1) {
                    setList(svc, "clusterIPs", clusterIPs(svc).subList(0, 1));
                }
                if (ipFamilies(svc).equals(ipFamilies(old)) && ipFamilies(svc).size() > 1) {
                    setList(svc, "ipFamilies", ipFamilies(svc).subList(0, 1));
                }
            } else {
                if (reduced(clusterIPs(svc), clusterIPs(old))) {
                    errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                            "must be 'SingleStack' to release the secondary cluster IP"));
                }
                if (reduced(ipFamilies(svc), ipFamilies(old))) {
                    errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                            "must be 'SingleStack' to release the secondary IP family"));
                }
            }
        }
        if (policy.equals(SINGLE)) {
            if (clusterIPs(svc).size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
            }
            if (ipFamilies(svc).size() == 2) {
                errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy,
                        "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
            }
        }
        // families follow the requested addresses where the client named none
        List<String> ips = clusterIPs(svc);
        List<String> fams = new ArrayList<>(ipFamilies(svc));
        for (int i = 0; i < ips.size(); i++) {
            if (ips.get(i).equals(NONE)) {
                break;
            }
            if (i >= fams.size()) {
                String family = IpText.family(IpText.parse(ips.get(i))); // valid: clusterIpsRelated checked it
                if (!families.contains(family)) {
                    errors.add(new FieldError("spec.clusterIPs[" + i + "]", FieldError.Type.INVALID, null,
                            goStrings(ips) + ": " + family + " is not configured on this cluster"));
                } else {
                    fams.add(family);
                }
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        if (headlessSelectorless(svc)) {
            // the one case that may carry families the cluster does not serve
            if (fams.isEmpty()) {
                fams.add(families.getFirst());
            }
            if (fams.size() < 2 && !policy.equals(SINGLE)) {
                fams.add(other(fams.getFirst()));
            }
            setList(svc, "ipFamilies", fams);
            return List.of();
        }
        if (policy.equals(REQUIRE) && families.size() < 2) {
            errors.add(FieldError.invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < fams.size(); i++) {
            if (!families.contains(fams.get(i))) {
                errors.add(FieldError.invalid("spec.ipFamilies[" + i + "]", fams.get(i), "not configured on this cluster"));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        if (fams.isEmpty()) {
            fams.add(families.getFirst());
        }
        if (!policy.equals(SINGLE) && fams.size() == 1 && families.size() == 2) {
            fams.add(other(fams.getFirst()));
        }
        setList(svc, "ipFamilies", fams);
        return List.of();
    }

    /**
     * Upstream's isMatchingPreferDualStackClusterIPFields: an update of a PreferDualStack service that keeps its
     * type (one with cluster IPs), its policy, its addresses and its families changes none of them.
     */
    static boolean matchingPreferDualStack(JsonNode svc, JsonNode old) {
        if (old == null || ipFamilyPolicy(svc) == null || !type(old).equals(type(svc))) {
            return false;
        }
        String t = type(svc);
        if (!t.equals("ClusterIP") && !t.equals("NodePort") && !t.equals("LoadBalancer")) {
            return false;
        }
        if (!ipFamilyPolicy(svc).equals(PREFER) || ipFamilyPolicy(old) != null && !ipFamilyPolicy(old).equals(PREFER)) {
            return false;
        }
        return clusterIPs(svc).equals(clusterIPs(old)) && Objects.equals(ipFamilies(svc), ipFamilies(old));
    }

    private static boolean reduced(List<String> now, List<String> before) {
        return !now.isEmpty() && now.size() < before.size();
    }

    static String other(String family) {
        return family.equals("IPv4") ? "IPv6" : "IPv4";
    }
}
