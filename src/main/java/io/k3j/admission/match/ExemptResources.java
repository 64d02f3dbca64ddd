package io.k3j.admission.match;

import io.k3j.admission.AdmissionRequest;

import java.util.Set;

/**
 * Upstream never sends the objects that configure dynamic admission to webhooks or policies: a broken webhook could
 * otherwise lock everyone out of removing it.
 */
public final class ExemptResources {

    public static final String GROUP = "admissionregistration.k8s.io";

    private static final Set<String> RESOURCES = Set.of(
            "validatingwebhookconfigurations", "mutatingwebhookconfigurations",
            "validatingadmissionpolicies", "validatingadmissionpolicybindings",
            "mutatingadmissionpolicies", "mutatingadmissionpolicybindings");

    private ExemptResources() {
    }

    public static boolean exempt(AdmissionRequest r) {
        return r.group().equals(GROUP) && RESOURCES.contains(r.resource());
    }
}
