package io.k3j.apiserver;

import io.k3j.admission.AdmissionSettings;
import io.k3j.apiserver.rest.Bootstrap;
import io.k3j.auth.audit.Audit;
import io.k3j.auth.encryption.SecretsEncryption;
import io.k3j.auth.authn.AuthnSettings;
import io.k3j.metrics.Metrics;
import io.k3j.store.Store;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the HTTPS front door needs: where to listen, its key material, and whom to trust.
 * {@code advertisedAddress} ("ip:port") is what discovery tells clients the server is reachable at.
 * {@code secretsEncryption} is null when Secrets are not encrypted ({@code store} then is the raw store);
 * {@code audit} is null when no audit-log-path is set.
 * {@code admission} holds the admission flags (plugins on and off, their configuration).
 * {@code staticDir} ({@code <data-dir>/server/static}) is served under {@code /static/}, as K3s serves its bundled charts.
 * {@code supervisor} feeds the agent endpoints under {@code /v1-k3j/} (null: not served).
 * {@code services} is what Service cluster IPs and node ports are allocated from (null: nothing is allocated).
 */
public record ApiServerOptions(
        String bindAddress,
        int port,
        String advertisedAddress,
        Path servingCertFile,
        Path servingKeyFile,
        X509Certificate clientCa,
        List<X509Certificate> acceptedClientIssuers,
        boolean anonymousAuth,
        String tlsMinVersion,
        List<String> cipherSuites,
        List<String> healthChecks,
        Metrics metrics,
        Supplier<Store> store,
        Bootstrap.Settings bootstrap,
        SecretsEncryption secretsEncryption,
        Audit audit,
        Path staticDir,
        AuthnSettings authn,
        AdmissionSettings admission,
        io.k3j.apiserver.supervisor.SupervisorOptions supervisor,
        io.k3j.apiserver.services.ServiceNetwork services) {

    public ApiServerOptions {
        acceptedClientIssuers = List.copyOf(acceptedClientIssuers);
        cipherSuites = List.copyOf(cipherSuites);
        healthChecks = List.copyOf(healthChecks);
    }
}
