package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a HelmChart (with its HelmChartConfig, if any) asks for, read and checked: a pure function of the two
 * objects. {@code hash} covers everything that changes the release (chart, version, values, namespace), so a
 * HelmChart is upgraded exactly when it or its config changed in a way that matters.
 */
public record HelmChartPlan(String releaseName, String targetNamespace, ChartSource source, String repoCa,
                            String authSecret, boolean authPassCredentials, ObjectNode values, Duration timeout,
                            boolean createNamespace, ReleaseRequest.FailurePolicy failurePolicy, String hash) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    /**
     * @param chart         the HelmChart
     * @param config        its HelmChartConfig, or null
     * @param kubernetesApi host:port for {@code %{KUBERNETES_API}%}
     * @throws IllegalArgumentException naming what is wrong with the spec
     */
    public static HelmChartPlan of(JsonNode chart, JsonNode config, String kubernetesApi) {
        JsonNode spec = chart.path("spec");
        JsonNode cspec = config == null ? null : config.path("spec");
        String name = chart.path("metadata").path("name").asText();
        String target = text(spec, "targetNamespace");
        if (target.isEmpty()) {
            target = chart.path("metadata").path("namespace").asText("default");
        }
        ChartSource source = ChartSource.of(text(spec, "chart"), text(spec, "repo"), text(spec, "version"),
                text(spec, "chartContent"), kubernetesApi);
        Map<String, JsonNode> set = new LinkedHashMap<>();
        spec.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue()));
        ObjectNode values = ValuesMerger.merge(text(spec, "valuesContent"), spec.get("values"),
                cspec == null ? "" : text(cspec, "valuesContent"), cspec == null ? null : cspec.get("values"), set);
        Duration timeout = DEFAULT_TIMEOUT;
        if (!text(spec, "timeout").isEmpty()) {
            try {
                timeout = GoDuration.parse(text(spec, "timeout"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec.timeout: " + e.getMessage());
            }
        }
        // HelmChartConfig's failurePolicy, when set, wins (K3s lets the config override it).
        String policy = cspec != null && !text(cspec, "failurePolicy").isEmpty() ? text(cspec, "failurePolicy")
                : text(spec, "failurePolicy");
        boolean createNs = spec.path("createNamespace").asBoolean(false);
        String hash = sha256(String.join("\n", identity(source), target, String.valueOf(createNs),
                text(spec, "repoCA"), values.toString()));
        return new HelmChartPlan(name, target, source, text(spec, "repoCA"), spec.path("authSecret").path("name").asText(""),
                spec.path("authPassCredentials").asBoolean(false), values, timeout, createNs,
                ReleaseRequest.FailurePolicy.of(policy), hash);
    }

    private static String identity(ChartSource s) {
        return switch (s) {
            case ChartSource.Inline in -> "inline:" + sha256(in.tgz());
            case ChartSource.Archive a -> "url:" + a.url();
            case ChartSource.RepoChart rc -> "repo:" + rc.repo() + " " + rc.name() + " " + rc.version();
        };
    }

    private static String text(JsonNode spec, String field) {
        JsonNode n = spec.get(field);
        return n == null || n.isNull() ? "" : n.asText("");
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
