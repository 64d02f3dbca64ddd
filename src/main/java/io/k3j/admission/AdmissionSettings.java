package io.k3j.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * kube-apiserver's admission flags as given through {@code --kube-apiserver-arg}: enable-admission-plugins,
 * disable-admission-plugins and admission-control-config-file (an apiserver.config.k8s.io AdmissionConfiguration
 * whose entries carry a plugin's configuration inline or by path, relative to the file).
 */
public record AdmissionSettings(Set<String> enable, Set<String> disable, Map<String, JsonNode> pluginConfigs) {

    public static final String ENABLE = "enable-admission-plugins";
    public static final String DISABLE = "disable-admission-plugins";
    public static final String CONFIG_FILE = "admission-control-config-file";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> CONFIG_API_VERSIONS = Set.of("apiserver.config.k8s.io/v1",
            "apiserver.k8s.io/v1alpha1");

    public static final AdmissionSettings DEFAULTS = new AdmissionSettings(Set.of(), Set.of(), Map.of());

    public AdmissionSettings {
        enable = Set.copyOf(enable);
        disable = Set.copyOf(disable);
        pluginConfigs = Map.copyOf(pluginConfigs);
    }

    /**
     * Reads the flags (and the configuration file, blocking: call at start-up). A plugin both enabled and disabled,
     * an unknown plugin or an unreadable file is an IllegalArgumentException with a one-line reason.
     *
     * @param arg the value of one flag, or null when it is not set
     */
    public static AdmissionSettings from(java.util.function.Function<String, String> arg) {
        Set<String> enable = names(arg.apply(ENABLE));
        Set<String> disable = names(arg.apply(DISABLE));
        for (String n : enable) {
            if (disable.contains(n)) {
                throw new IllegalArgumentException(n + " plugin is both enabled and disabled");
            }
        }
        for (String n : union(enable, disable)) {
            if (!AdmissionPlugins.ORDER.contains(n)) {
                throw new IllegalArgumentException("unknown admission plugin: " + n);
            }
        }
        String file = arg.apply(CONFIG_FILE);
        Map<String, JsonNode> configs = file == null || file.isBlank() ? Map.of() : readConfigFile(Path.of(file));
        return new AdmissionSettings(enable, disable, configs);
    }

    private static Map<String, JsonNode> readConfigFile(Path file) {
        JsonNode doc = read(file, CONFIG_FILE);
        String apiVersion = doc.path("apiVersion").asText("");
        if (!CONFIG_API_VERSIONS.contains(apiVersion) || !doc.path("kind").asText("").equals("AdmissionConfiguration")) {
            throw new IllegalArgumentException(CONFIG_FILE + " " + file + ": expected kind AdmissionConfiguration of "
                    + "apiserver.config.k8s.io/v1, got " + doc.path("kind").asText("?") + " " + apiVersion);
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : doc.path("plugins")) {
            String name = p.path("name").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(CONFIG_FILE + " " + file + ": a plugin entry has no name");
            }
            if (p.hasNonNull("configuration")) {
                out.put(name, p.get("configuration"));
            } else if (p.hasNonNull("path")) {
                Path path = file.toAbsolutePath().getParent().resolve(p.get("path").asText());
                out.put(name, read(path, "configuration of admission plugin " + name));
            }
        }
        return out;
    }

    private static JsonNode read(Path file, String what) {
        try {
            JsonNode n = YAML.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(what + " " + file + ": not a YAML or JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Set<String> names(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
