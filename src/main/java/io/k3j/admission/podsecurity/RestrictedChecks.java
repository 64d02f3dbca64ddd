package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.k3j.admission.podsecurity.BaselineChecks.nullToEmpty;
import static io.k3j.admission.podsecurity.BaselineChecks.validSeccompType;
import static io.k3j.admission.podsecurity.PodCheck.since;
import static io.k3j.admission.podsecurity.PodFields.at;
import static io.k3j.admission.podsecurity.PodFields.containers;
import static io.k3j.admission.podsecurity.PodFields.name;
import static io.k3j.admission.podsecurity.PodFields.text;
import static io.k3j.admission.podsecurity.PodFields.windows;
import static io.k3j.admission.podsecurity.Texts.joinQuote;
import static io.k3j.admission.podsecurity.Texts.pluralize;

/**
 * The restricted controls: current pod hardening practice on top of baseline. Where a restricted control is the
 * stricter form of a baseline one (capabilities, volumes, seccomp) it overrides it, so a restricted evaluation
 * reports each problem once. From policy version 1.25 on, Windows pods ({@code spec.os.name: windows}) skip the
 * Linux-only controls, as upstream.
 */
final class RestrictedChecks {

    private RestrictedChecks() {
    }

    static List<PodCheck> all() {
        return List.of(
                check("allowPrivilegeEscalation",
                        since(8, RestrictedChecks::allowPrivilegeEscalation),
                        since(25, linuxOnly(RestrictedChecks::allowPrivilegeEscalation))),
                check("capabilities_restricted",
                        since(22, RestrictedChecks::capabilities, BaselineChecks.CAPABILITIES_BASELINE),
                        since(25, linuxOnly(RestrictedChecks::capabilities), BaselineChecks.CAPABILITIES_BASELINE)),
                check("restrictedVolumes",
                        since(0, RestrictedChecks::volumes, BaselineChecks.HOST_PATH_VOLUMES)),
                check("runAsNonRoot", since(0, RestrictedChecks::runAsNonRoot)),
                check("runAsUser", since(23, RestrictedChecks::runAsUser)),
                check("seccompProfile_restricted",
                        since(19, RestrictedChecks::seccomp, BaselineChecks.SECCOMP_BASELINE),
                        since(25, linuxOnly(RestrictedChecks::seccomp), BaselineChecks.SECCOMP_BASELINE)));
    }

    private static PodCheck check(String id, PodCheck.Revision... revisions) {
        return new PodCheck(id, Level.RESTRICTED, List.of(revisions));
    }

    /** Pod validation already refuses these fields on Windows pods, so leaving them unset is no violation. */
    private static PodCheck.Fn linuxOnly(PodCheck.Fn fn) {
        return (meta, spec) -> windows(spec) ? CheckResult.ALLOWED : fn.check(meta, spec);
    }

    // --- privilege escalation ---------------------------------------------------------------------------------

    static CheckResult allowPrivilegeEscalation(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode ape = at(c, "securityContext", "allowPrivilegeEscalation");
            if (ape == null || !ape.isBoolean() || ape.booleanValue()) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("allowPrivilegeEscalation != false",
                Texts.containers(bad) + " must set securityContext.allowPrivilegeEscalation=false");
    }

    // --- capabilities -----------------------------------------------------------------------------------------

    static CheckResult capabilities(JsonNode meta, JsonNode spec) {
        List<String> missingDropAll = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        SortedSet<String> forbidden = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            if (at(c, "securityContext", "capabilities") == null) {
                missingDropAll.add(name(c));
                continue;
            }
            if (!PodFields.strings(c, "securityContext", "capabilities", "drop").contains("ALL")) {
                missingDropAll.add(name(c));
            }
            boolean addsForbidden = false;
            for (String cap : PodFields.strings(c, "securityContext", "capabilities", "add")) {
                if (!cap.equals("NET_BIND_SERVICE")) {
                    addsForbidden = true;
                    forbidden.add(cap);
                }
            }
            if (addsForbidden) {
                adding.add(name(c));
            }
        }
        List<String> details = new ArrayList<>();
        if (!missingDropAll.isEmpty()) {
            details.add(Texts.containers(missingDropAll) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(Texts.containers(adding) + " must not include " + joinQuote(forbidden)
                    + " in securityContext.capabilities.add");
        }
        return details.isEmpty() ? CheckResult.ALLOWED
                : CheckResult.forbidden("unrestricted capabilities", String.join("; ", details));
    }

    // --- volume types -----------------------------------------------------------------------------------------

    /** Volume sources restricted pods may use: ephemeral or bound through a PersistentVolume. */
    private static final List<String> ALLOWED_VOLUMES = List.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "image", "persistentVolumeClaim", "projected", "secret");

    /** The restricted sources in upstream's naming order: the first one set names the volume's type. */
    private static final List<String> RESTRICTED_VOLUMES = List.of("hostPath", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs",
            "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk",
            "portworxVolume", "scaleIO", "storageos");

    static CheckResult volumes(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        SortedSet<String> types = new TreeSet<>();
        JsonNode volumes = at(spec, "volumes");
        if (volumes != null) {
            for (JsonNode v : volumes) {
                if (ALLOWED_VOLUMES.stream().anyMatch(s -> at(v, s) != null)) {
                    continue;
                }
                bad.add(name(v));
                types.add(RESTRICTED_VOLUMES.stream().filter(s -> at(v, s) != null).findFirst().orElse("unknown"));
            }
        }
        if (bad.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("restricted volume types",
                pluralize("volume", "volumes", bad.size()) + " " + joinQuote(bad) + " "
                        + pluralize("uses", "use", bad.size()) + " "
                        + pluralize("restricted volume type", "restricted volume types", types.size()) + " "
                        + joinQuote(types));
    }

    // --- users ------------------------------------------------------------------------------------------------

    static CheckResult runAsNonRoot(JsonNode meta, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        boolean podNonRoot = false;
        JsonNode pod = at(spec, "securityContext", "runAsNonRoot");
        if (pod != null) {
            if (pod.asBoolean()) {
                podNonRoot = true;
            } else {
                setters.add("pod");
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode v = at(c, "securityContext", "runAsNonRoot");
            if (v != null) {
                if (!v.asBoolean()) {
                    explicitlyBad.add(name(c));
                }
            } else if (!podNonRoot) {
                implicitlyBad.add(name(c));
            }
        }
        if (!explicitlyBad.isEmpty()) {
            setters.add(Texts.containers(explicitlyBad));
        }
        if (!setters.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true",
                    String.join(" and ", setters) + " must not set securityContext.runAsNonRoot=false");
        }
        if (!implicitlyBad.isEmpty()) {
            return CheckResult.forbidden("runAsNonRoot != true",
                    "pod or " + Texts.containers(implicitlyBad) + " must set securityContext.runAsNonRoot=true");
        }
        return CheckResult.ALLOWED;
    }

    static CheckResult runAsUser(JsonNode meta, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        if (isZero(at(spec, "securityContext", "runAsUser"))) {
            setters.add("pod");
        }
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (isZero(at(c, "securityContext", "runAsUser"))) {
                bad.add(name(c));
            }
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        return setters.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("runAsUser=0",
                String.join(" and ", setters) + " must not set runAsUser=0");
    }

    private static boolean isZero(JsonNode n) {
        return n != null && n.isNumber() && n.asLong() == 0;
    }

    // --- seccomp ----------------------------------------------------------------------------------------------

    /** Restricted requires a profile: RuntimeDefault or Localhost, on the pod or on every container. */
    static CheckResult seccomp(JsonNode meta, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        SortedSet<String> badTypes = new TreeSet<>();
        boolean podSet = false;
        JsonNode podProfile = at(spec, "securityContext", "seccompProfile");
        if (podProfile != null) {
            String type = text(podProfile, "type");
            if (validSeccompType(type)) {
                podSet = true;
            } else {
                setters.add("pod");
                badTypes.add(nullToEmpty(type));
            }
        }
        List<String> explicitlyBad = new ArrayList<>();
        List<String> implicitlyBad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode profile = at(c, "securityContext", "seccompProfile");
            if (profile != null) {
                String type = text(profile, "type");
                if (!validSeccompType(type)) {
                    explicitlyBad.add(name(c));
                    badTypes.add(nullToEmpty(type));
                }
            } else if (!podSet) {
                implicitlyBad.add(name(c));
            }
        }
        if (!explicitlyBad.isEmpty()) {
            setters.add(Texts.containers(explicitlyBad));
        }
        if (!setters.isEmpty()) {
            return CheckResult.forbidden("seccompProfile", String.join(" and ", setters)
                    + " must not set securityContext.seccompProfile.type to " + joinQuote(badTypes));
        }
        if (!implicitlyBad.isEmpty()) {
            return CheckResult.forbidden("seccompProfile", "pod or " + Texts.containers(implicitlyBad)
                    + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
        }
        return CheckResult.ALLOWED;
    }
}
