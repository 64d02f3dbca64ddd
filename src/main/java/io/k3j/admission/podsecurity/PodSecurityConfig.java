package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plugin's configuration: the cluster-wide policy for namespaces without labels, and who or what is never
 * evaluated. Read from the {@code PodSecurityConfiguration} (pod-security.admission.config.k8s.io v1, v1beta1 or
 * v1alpha1) inside the AdmissionConfiguration file; without one every mode is privileged at latest, as upstream.
 */
public record PodSecurityConfig(Policy defaults, Set<String> exemptUsernames, Set<String> exemptRuntimeClasses,
                                Set<String> exemptNamespaces) {

    public static final String GROUP = "pod-security.admission.config.k8s.io";
    public static final String KIND = "PodSecurityConfiguration";
    private static final Set<String> VERSIONS = Set.of("v1", "v1beta1", "v1alpha1");

    public static final PodSecurityConfig DEFAULT = new PodSecurityConfig(Policy.PRIVILEGED, Set.of(), Set.of(), Set.of());

    public PodSecurityConfig {
        exemptUsernames = Set.copyOf(exemptUsernames);
        exemptRuntimeClasses = Set.copyOf(exemptRuntimeClasses);
        exemptNamespaces = Set.copyOf(exemptNamespaces);
    }

    /**
     * @throws IllegalArgumentException for a configuration kube-apiserver would refuse at start, with the field
     *                                  errors in upstream's wording
     */
    public static PodSecurityConfig parse(JsonNode config) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return DEFAULT;
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException("PodSecurity configuration must be an object");
        }
        String apiVersion = config.path("apiVersion").asText("");
        String kind = config.path("kind").asText("");
        if (!apiVersion.isEmpty() && !(apiVersion.startsWith(GROUP + "/")
                && VERSIONS.contains(apiVersion.substring(GROUP.length() + 1)))) {
            throw new IllegalArgumentException("unsupported PodSecurity configuration apiVersion " + apiVersion);
        }
        if (!kind.isEmpty() && !kind.equals(KIND)) {
            throw new IllegalArgumentException("unsupported PodSecurity configuration kind " + kind);
        }
        List<String> errors = new ArrayList<>();
        JsonNode d = config.path("defaults");
        Policy defaults = new Policy(
                mode(d, "enforce", errors), mode(d, "audit", errors), mode(d, "warn", errors));
        JsonNode e = config.path("exemptions");
        Set<String> users = names(e, "usernames", errors);
        Set<String> runtimeClasses = names(e, "runtimeClasses", errors);
        Set<String> namespaces = names(e, "namespaces", errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        return new PodSecurityConfig(defaults, users, runtimeClasses, namespaces);
    }

    private static LevelVersion mode(JsonNode defaults, String mode, List<String> errors) {
        Level level = Level.PRIVILEGED;
        PolicyVersion version = PolicyVersion.LATEST;
        String l = defaults.path(mode).asText("");
        if (!l.isEmpty()) {
            level = Level.parse(l).orElse(null);
            if (level == null) {
                errors.add("defaults." + mode + ": Invalid value: " + Texts.goQuote(l) + ": " + Level.MUST_BE);
                level = Level.RESTRICTED;
            }
        }
        String v = defaults.path(mode + "-version").asText("");
        if (!v.isEmpty()) {
            version = PolicyVersion.parse(v).orElse(null);
            if (version == null) {
                errors.add("defaults." + mode + "-version: Invalid value: " + Texts.goQuote(v) + ": "
                        + PolicyVersion.MUST_BE);
                version = PolicyVersion.LATEST;
            }
        }
        return new LevelVersion(level, version);
    }

    private static Set<String> names(JsonNode exemptions, String field, List<String> errors) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode list = exemptions.path(field);
        for (int i = 0; i < list.size(); i++) {
            String n = list.get(i).asText("");
            String path = "exemptions." + field + "[" + i + "]";
            if (n.isEmpty()) {
                errors.add(path + ": Invalid value: \"\": must be non-empty");
            } else if (!out.add(n)) {
                errors.add(path + ": Duplicate value: " + Texts.goQuote(n));
            }
        }
        return out;
    }

    boolean exemptUser(String name) {
        return !name.isEmpty() && exemptUsernames.contains(name);
    }

    boolean exemptNamespace(String name) {
        return !name.isEmpty() && exemptNamespaces.contains(name);
    }

    boolean exemptRuntimeClass(String name) {
        return name != null && !name.isEmpty() && exemptRuntimeClasses.contains(name);
    }
}
