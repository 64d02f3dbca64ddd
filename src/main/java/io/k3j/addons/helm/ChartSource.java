package io.k3j.addons.helm;

import java.net.URI;
import java.util.Base64;

/**
 * Where a HelmChart's chart comes from, in K3s's order of preference: {@code chartContent} (a base64 .tgz) wins;
 * else a {@code chart} that is a URL of a .tgz; else a chart name looked up in {@code repo}'s index.
 */
public sealed interface ChartSource {

    /** The chart archive inline. */
    record Inline(byte[] tgz) implements ChartSource {
    }

    /** A .tgz at a URL (K3s's bundled charts: {@code https://%{KUBERNETES_API}%/static/charts/x.tgz}). */
    record Archive(URI url) implements ChartSource {
    }

    /** A chart by name in a Helm repository; an empty version picks the newest stable one. */
    record RepoChart(URI repo, String name, String version) implements ChartSource {
    }

    String KUBERNETES_API = "%{KUBERNETES_API}%";

    /**
     * Reads the chart fields of a HelmChart spec.
     *
     * @param kubernetesApi host:port of this server's API, put in place of {@code %{KUBERNETES_API}%}
     * @throws IllegalArgumentException when the fields name no chart, or name it badly
     */
    static ChartSource of(String chart, String repo, String version, String chartContent, String kubernetesApi) {
        if (chartContent != null && !chartContent.isBlank()) {
            try {
                return new Inline(Base64.getMimeDecoder().decode(chartContent.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec.chartContent is not base64: " + e.getMessage());
            }
        }
        String c = chart == null ? "" : chart.strip().replace(KUBERNETES_API, kubernetesApi);
        if (c.isEmpty()) {
            throw new IllegalArgumentException("spec.chart or spec.chartContent is required");
        }
        if (c.startsWith("https://") || c.startsWith("http://")) {
            return new Archive(uri(c, "spec.chart"));
        }
        if (c.startsWith("oci://")) {
            throw new IllegalArgumentException("OCI charts (" + c + ") are not supported yet");
        }
        String r = repo == null ? "" : repo.strip().replace(KUBERNETES_API, kubernetesApi);
        if (r.isEmpty()) {
            throw new IllegalArgumentException("spec.repo is required for chart \"" + c + "\" (or give a URL of a .tgz)");
        }
        if (c.contains("/")) {
            // "stable/foo" names a repo alias in the helm CLI; a HelmChart names the repo by URL.
            c = c.substring(c.lastIndexOf('/') + 1);
        }
        return new RepoChart(uri(r.endsWith("/") ? r : r + "/", "spec.repo"), c, version == null ? "" : version.strip());
    }

    private static URI uri(String s, String field) {
        try {
            URI u = URI.create(s);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " \"" + s + "\" is not a URL: " + e.getMessage());
        }
    }
}
