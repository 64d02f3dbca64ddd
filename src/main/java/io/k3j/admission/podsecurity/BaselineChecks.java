package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static io.k3j.admission.podsecurity.PodCheck.since;
import static io.k3j.admission.podsecurity.PodFields.at;
import static io.k3j.admission.podsecurity.PodFields.containers;
import static io.k3j.admission.podsecurity.PodFields.isTrue;
import static io.k3j.admission.podsecurity.PodFields.name;
import static io.k3j.admission.podsecurity.PodFields.text;
import static io.k3j.admission.podsecurity.Texts.goQuote;
import static io.k3j.admission.podsecurity.Texts.joinQuote;
import static io.k3j.admission.podsecurity.Texts.pluralize;

/**
 * The baseline controls of the Pod Security Standards: what stops known privilege escalations while letting
 * ordinary pods run. Texts and version gates are upstream's (pod-security-admission 1.33), so clients see the
 * same messages. Sets upstream prints sorted are {@link TreeSet}s here; lists keep the pod's order.
 */
final class BaselineChecks {

    static final String CAPABILITIES_BASELINE = "capabilities_baseline";
    static final String HOST_PATH_VOLUMES = "hostPathVolumes";
    static final String SECCOMP_BASELINE = "seccompProfile_baseline";

    private BaselineChecks() {
    }

    static List<PodCheck> all() {
        return List.of(
                check("privileged", since(0, BaselineChecks::privileged)),
                check("hostNamespaces", since(0, BaselineChecks::hostNamespaces)),
                check(HOST_PATH_VOLUMES, since(0, BaselineChecks::hostPathVolumes)),
                check("hostPorts", since(0, BaselineChecks::hostPorts)),
                check(CAPABILITIES_BASELINE, since(0, BaselineChecks::capabilities)),
                check("appArmorProfile", since(0, BaselineChecks::appArmor)),
                check("seLinuxOptions",
                        since(0, (m, s) -> seLinux(s, SELINUX_TYPES_1_0)),
                        since(31, (m, s) -> seLinux(s, SELINUX_TYPES_1_31))),
                check("procMount", since(0, BaselineChecks::procMount)),
                check(SECCOMP_BASELINE,
                        since(0, BaselineChecks::seccompAnnotations),
                        since(19, BaselineChecks::seccompFields)),
                check("sysctls",
                        since(0, (m, s) -> sysctls(s, SYSCTLS_1_0)),
                        since(27, (m, s) -> sysctls(s, SYSCTLS_1_27)),
                        since(29, (m, s) -> sysctls(s, SYSCTLS_1_29)),
                        since(32, (m, s) -> sysctls(s, SYSCTLS_1_32))),
                check("windowsHostProcess", since(0, BaselineChecks::windowsHostProcess)));
    }

    private static PodCheck check(String id, PodCheck.Revision... revisions) {
        return new PodCheck(id, Level.BASELINE, List.of(revisions));
    }

    // --- privileged -------------------------------------------------------------------------------------------

    static CheckResult privileged(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (isTrue(c, "securityContext", "privileged")) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("privileged",
                Texts.containers(bad) + " must not set securityContext.privileged=true");
    }

    // --- host namespaces, hostPath, hostPorts -----------------------------------------------------------------

    static CheckResult hostNamespaces(JsonNode meta, JsonNode spec) {
        List<String> used = new ArrayList<>();
        for (String ns : new String[]{"hostNetwork", "hostPID", "hostIPC"}) {
            if (isTrue(spec, ns)) {
                used.add(ns + "=true");
            }
        }
        return used.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("host namespaces", String.join(", ", used));
    }

    static CheckResult hostPathVolumes(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        JsonNode volumes = at(spec, "volumes");
        if (volumes != null) {
            for (JsonNode v : volumes) {
                if (at(v, "hostPath") != null) {
                    bad.add(name(v));
                }
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("hostPath volumes",
                pluralize("volume", "volumes", bad.size()) + " " + joinQuote(bad));
    }

    static CheckResult hostPorts(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        SortedSet<String> ports = new TreeSet<>(); // upstream sorts the ports as strings: "10000" before "80"
        for (JsonNode c : containers(spec)) {
            boolean uses = false;
            JsonNode cp = at(c, "ports");
            if (cp != null) {
                for (JsonNode p : cp) {
                    JsonNode hp = at(p, "hostPort");
                    if (hp != null && hp.asLong() != 0) {
                        uses = true;
                        ports.add(Long.toString(hp.asLong()));
                    }
                }
            }
            if (uses) {
                bad.add(name(c));
            }
        }
        if (bad.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden("hostPort", Texts.containers(bad) + " "
                + pluralize("uses", "use", bad.size()) + " "
                + pluralize("hostPort", "hostPorts", ports.size()) + " " + String.join(", ", ports));
    }

    // --- capabilities -----------------------------------------------------------------------------------------

    /** Docker's default capability set: adding any other (NET_RAW, SYS_ADMIN ...) is not baseline. */
    static final Set<String> DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    static CheckResult capabilities(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        SortedSet<String> extra = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            if (at(c, "securityContext", "capabilities") == null) {
                continue;
            }
            boolean valid = true;
            for (String cap : PodFields.strings(c, "securityContext", "capabilities", "add")) {
                if (!DEFAULT_CAPABILITIES.contains(cap)) {
                    valid = false;
                    extra.add(cap);
                }
            }
            if (!valid) {
                bad.add(name(c));
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("non-default capabilities",
                Texts.containers(bad) + " must not include " + joinQuote(extra)
                        + " in securityContext.capabilities.add");
    }

    // --- AppArmor ---------------------------------------------------------------------------------------------

    static final String APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

    static CheckResult appArmor(JsonNode meta, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        SortedSet<String> badTypes = new TreeSet<>();
        JsonNode podProfile = at(spec, "securityContext", "appArmorProfile");
        if (podProfile != null && !allowedAppArmorType(text(podProfile, "type"))) {
            setters.add("pod");
            badTypes.add(nullToEmpty(text(podProfile, "type")));
        }
        List<String> badContainers = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode profile = at(c, "securityContext", "appArmorProfile");
            if (profile != null && !allowedAppArmorType(text(profile, "type"))) {
                badContainers.add(name(c));
                badTypes.add(nullToEmpty(text(profile, "type")));
            }
        }
        if (!badContainers.isEmpty()) {
            setters.add(Texts.containers(badContainers));
        }
        List<String> badValues = new ArrayList<>(badTypes);
        SortedSet<String> badAnnotations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> a : annotations(meta)) {
            String v = a.getValue().asText();
            if (a.getKey().startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(v)) {
                badAnnotations.add(a.getKey() + "=" + goQuote(v));
            }
        }
        if (!badAnnotations.isEmpty()) {
            badValues.addAll(badAnnotations);
            setters.add(pluralize("annotation", "annotations", badAnnotations.size()));
        }
        if (setters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        return CheckResult.forbidden(
                pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValues.size()),
                String.join(" and ", setters) + " must not set AppArmor profile type to " + joinQuote(badValues));
    }

    private static boolean allowedAppArmorType(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    private static boolean allowedAppArmorAnnotation(String v) {
        return v.isEmpty() || v.equals("runtime/default") || v.startsWith("localhost/");
    }

    // --- SELinux ----------------------------------------------------------------------------------------------

    static final Set<String> SELINUX_TYPES_1_0 = Set.of("", "container_t", "container_init_t", "container_kvm_t");
    static final Set<String> SELINUX_TYPES_1_31 = union(SELINUX_TYPES_1_0, Set.of("container_engine_t"));

    static CheckResult seLinux(JsonNode spec, Set<String> allowedTypes) {
        SortedSet<String> badTypes = new TreeSet<>();
        boolean[] userRole = new boolean[2];
        List<String> setters = new ArrayList<>();
        JsonNode podOpts = at(spec, "securityContext", "seLinuxOptions");
        if (podOpts != null && !validSeLinux(podOpts, allowedTypes, badTypes, userRole)) {
            setters.add("pod");
        }
        List<String> badContainers = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode opts = at(c, "securityContext", "seLinuxOptions");
            if (opts != null && !validSeLinux(opts, allowedTypes, badTypes, userRole)) {
                badContainers.add(name(c));
            }
        }
        if (!badContainers.isEmpty()) {
            setters.add(Texts.containers(badContainers));
        }
        if (setters.isEmpty()) {
            return CheckResult.ALLOWED;
        }
        List<String> what = new ArrayList<>();
        if (!badTypes.isEmpty()) {
            what.add(pluralize("type", "types", badTypes.size()) + " " + joinQuote(badTypes));
        }
        if (userRole[0]) {
            what.add("user may not be set");
        }
        if (userRole[1]) {
            what.add("role may not be set");
        }
        return CheckResult.forbidden("seLinuxOptions", String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: " + String.join("; ", what));
    }

    private static boolean validSeLinux(JsonNode opts, Set<String> allowedTypes, Set<String> badTypes,
                                        boolean[] userRole) {
        boolean valid = true;
        String type = nullToEmpty(text(opts, "type"));
        if (!allowedTypes.contains(type)) {
            valid = false;
            badTypes.add(type);
        }
        if (!nullToEmpty(text(opts, "user")).isEmpty()) {
            valid = false;
            userRole[0] = true;
        }
        if (!nullToEmpty(text(opts, "role")).isEmpty()) {
            valid = false;
            userRole[1] = true;
        }
        return valid;
    }

    // --- /proc mount ------------------------------------------------------------------------------------------

    static CheckResult procMount(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        SortedSet<String> types = new TreeSet<>();
        for (JsonNode c : containers(spec)) {
            String pm = text(c, "securityContext", "procMount");
            if (pm != null && !pm.equals("Default")) {
                bad.add(name(c));
                types.add(pm);
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("procMount",
                Texts.containers(bad) + " must not set securityContext.procMount to " + joinQuote(types));
    }

    // --- seccomp ----------------------------------------------------------------------------------------------

    static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
    static final String SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

    /** Before 1.19 seccomp was set by alpha annotations; policy versions older than that check those. */
    static CheckResult seccompAnnotations(JsonNode meta, JsonNode spec) {
        SortedSet<String> bad = new TreeSet<>();
        JsonNode annotations = at(meta, "annotations");
        String pod = text(annotations, SECCOMP_POD_ANNOTATION);
        if (pod != null && !validSeccompAnnotation(pod)) {
            bad.add(SECCOMP_POD_ANNOTATION + "=" + goQuote(pod));
        }
        for (JsonNode c : containers(spec)) {
            String key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + name(c);
            String v = text(annotations, key);
            if (v != null && !validSeccompAnnotation(v)) {
                bad.add(key + "=" + goQuote(v));
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("seccompProfile",
                "forbidden " + pluralize("annotation", "annotations", bad.size()) + " " + String.join(", ", bad));
    }

    private static boolean validSeccompAnnotation(String v) {
        return v.equals("runtime/default") || v.equals("docker/default") || v.startsWith("localhost/");
    }

    static boolean validSeccompType(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    /** Baseline only forbids what is set explicitly (Unconfined); an unset profile is the runtime's default. */
    static CheckResult seccompFields(JsonNode meta, JsonNode spec) {
        List<String> setters = new ArrayList<>();
        SortedSet<String> badTypes = new TreeSet<>();
        JsonNode podProfile = at(spec, "securityContext", "seccompProfile");
        if (podProfile != null && !validSeccompType(text(podProfile, "type"))) {
            setters.add("pod");
            badTypes.add(nullToEmpty(text(podProfile, "type")));
        }
        List<String> badContainers = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            JsonNode profile = at(c, "securityContext", "seccompProfile");
            if (profile != null && !validSeccompType(text(profile, "type"))) {
                badContainers.add(name(c));
                badTypes.add(nullToEmpty(text(profile, "type")));
            }
        }
        if (!badContainers.isEmpty()) {
            setters.add(Texts.containers(badContainers));
        }
        return setters.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("seccompProfile",
                String.join(" and ", setters) + " must not set securityContext.seccompProfile.type to "
                        + joinQuote(badTypes));
    }

    // --- sysctls ----------------------------------------------------------------------------------------------

    /** The namespaced sysctls isolated from other pods; the safe set grew in 1.27, 1.29 and 1.32. */
    static final Set<String> SYSCTLS_1_0 = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start");
    static final Set<String> SYSCTLS_1_27 = union(SYSCTLS_1_0, Set.of("net.ipv4.ip_local_reserved_ports"));
    static final Set<String> SYSCTLS_1_29 = union(SYSCTLS_1_27, Set.of("net.ipv4.tcp_keepalive_time",
            "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"));
    static final Set<String> SYSCTLS_1_32 = union(SYSCTLS_1_29, Set.of("net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"));

    static CheckResult sysctls(JsonNode spec, Set<String> allowed) {
        List<String> bad = new ArrayList<>();
        JsonNode sysctls = at(spec, "securityContext", "sysctls");
        if (sysctls != null) {
            for (JsonNode s : sysctls) {
                String n = nullToEmpty(text(s, "name"));
                if (!allowed.contains(n)) {
                    bad.add(n);
                }
            }
        }
        return bad.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("forbidden sysctls", String.join(", ", bad));
    }

    // --- Windows HostProcess ----------------------------------------------------------------------------------

    static CheckResult windowsHostProcess(JsonNode meta, JsonNode spec) {
        List<String> bad = new ArrayList<>();
        for (JsonNode c : containers(spec)) {
            if (isTrue(c, "securityContext", "windowsOptions", "hostProcess")) {
                bad.add(name(c));
            }
        }
        List<String> setters = new ArrayList<>();
        if (isTrue(spec, "securityContext", "windowsOptions", "hostProcess")) {
            setters.add("pod");
        }
        if (!bad.isEmpty()) {
            setters.add(Texts.containers(bad));
        }
        return setters.isEmpty() ? CheckResult.ALLOWED : CheckResult.forbidden("hostProcess",
                String.join(" and ", setters) + " must not set securityContext.windowsOptions.hostProcess=true");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    static Iterable<Map.Entry<String, JsonNode>> annotations(JsonNode meta) {
        JsonNode a = at(meta, "annotations");
        return a == null || !a.isObject() ? List.of() : a::fields;
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
