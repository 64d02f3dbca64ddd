package io.k3j.addons.helm;

import java.nio.file.Path;

/**
 * What the Helm controller needs.
 *
 * @param kubeconfig    the kubeconfig Helm uses (admin: a chart may install anything)
 * @param workDir       private scratch space for chart archives and values files ({@code <data-dir>/server/helm})
 * @param kubernetesApi host:port of this API server, for {@code %{KUBERNETES_API}%} in chart URLs
 * @param serverCaFile  the server CA, trusted for chart downloads (charts served under /static/)
 * @param workers       how many charts may be worked on at once
 * @param host          this server's node name, for Events
 */
public record HelmSettings(Path kubeconfig, Path workDir, String kubernetesApi, Path serverCaFile, int workers,
                           String host) {
}
