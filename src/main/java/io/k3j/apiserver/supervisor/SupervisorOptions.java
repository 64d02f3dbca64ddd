package io.k3j.apiserver.supervisor;

import io.k3j.pki.CertificateAuthority;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the agent-facing supervisor endpoints need: the tls dir (the kube-proxy client cert is served from it), the
 * CAs that sign node certificates, the cluster settings agents read from {@code /v1-k3j/config}, and how long node
 * certificates are valid (K3s: a year).
 */
public record SupervisorOptions(Path tlsDir, CertificateAuthority serverCa, CertificateAuthority clientCa,
                                JsonObject clusterConfig, Duration certValidity) {
}
