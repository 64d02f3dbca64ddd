package io.k3j.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pass-through arguments for one embedded component (--kube-apiserver-arg and friends), as
 * key=value pairs. K3s hands these to the upstream binaries, which know hundreds of flags; k3j
 * implements its components itself, so a key it does not honour is an error at start-up rather
 * than a setting that silently does nothing.
 */
public record ComponentArgs(String flag, Map<String, String> values) {

    public enum Component {
        KUBE_APISERVER("kube-apiserver-arg", union(Set.of("anonymous-auth", "tls-min-version", "tls-cipher-suites",
                "audit-log-path", "audit-policy-file", "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize",
                "enable-admission-plugins", "disable-admission-plugins", "admission-control-config-file",
                "default-not-ready-toleration-seconds", "default-unreachable-toleration-seconds",
                "service-node-port-range"),
                AUTHN_KEYS)),
        KUBE_CONTROLLER_MANAGER("kube-controller-manager-arg", Set.of("node-monitor-grace-period", "node-monitor-period",
                "terminated-pod-gc-threshold", "resource-quota-sync-period", "horizontal-pod-autoscaler-sync-period",
                "horizontal-pod-autoscaler-downscale-stabilization", "horizontal-pod-autoscaler-tolerance",
                "horizontal-pod-autoscaler-cpu-initialization-period", "horizontal-pod-autoscaler-initial-readiness-delay",
                "cluster-signing-duration", PodNetwork.MASK, PodNetwork.MASK_IPV4, PodNetwork.MASK_IPV6)),
        KUBE_SCHEDULER("kube-scheduler-arg", Set.of()),
        KUBELET("kubelet-arg", Set.of());

        private final String flag;
        private final Set<String> supported;

        Component(String flag, Set<String> supported) {
            this.flag = flag;
            this.supported = supported;
        }

        public String flag() {
            return flag;
        }

        public Set<String> supported() {
            return supported;
        }
    }

    /**
     * kube-apiserver's authentication flags (read by io.k3j.auth.authn.AuthnFlags, which depends on this
     * package, hence listed here rather than referenced).
     */
    private static final Set<String> AUTHN_KEYS = Set.of("service-account-issuer", "api-audiences",
            "service-account-jwks-uri", "token-auth-file", "enable-bootstrap-token-auth", "requestheader-allowed-names",
            "requestheader-username-headers", "requestheader-group-headers", "requestheader-extra-headers-prefix",
            "oidc-issuer-url", "oidc-client-id", "oidc-username-claim", "oidc-username-prefix", "oidc-groups-claim",
            "oidc-groups-prefix", "oidc-ca-file", "oidc-signing-algs");

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    public ComponentArgs {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ComponentArgs parse(Component component, List<String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String arg : raw) {
            String a = arg.startsWith("--") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--" + component.flag() + " \"" + arg + "\": expected key=value");
            }
            String key = a.substring(0, eq);
            if (!component.supported().contains(key)) {
                String known = component.supported().isEmpty() ? "none yet"
                        : String.join(", ", new TreeSet<>(component.supported()));
                throw new IllegalArgumentException("--" + component.flag() + " key \"" + key
                        + "\" is not supported by k3j (supported: " + known + ")");
            }
            out.put(key, a.substring(eq + 1)); // the last occurrence wins, as with repeated upstream flags
        }
        return new ComponentArgs(component.flag(), out);
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** A Go duration value ("40s", "1m30s", "500ms", "2h") in milliseconds, or {@code fallbackMs} when unset. */
    public long durationMillis(String key, long fallbackMs) {
        String v = values.get(key);
        return v == null ? fallbackMs : parseDuration("--" + flag + " " + key, v);
    }

    static long parseDuration(String what, String v) {
        var m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)").matcher(v);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            total += (long) (n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            });
            end = m.end();
        }
        if (end == 0 || end != v.length()) {
            throw new IllegalArgumentException(what + "=" + v + " is not a duration like 40s, 1m30s or 500ms");
        }
        return total;
    }
}
