package io.k3j.pki;

import java.nio.file.Path;

/** A client certificate (with its CA chain) and key, as files and as PEM for embedding in kubeconfigs. */
public record ClientCredential(Path certFile, Path keyFile, String certPem, String keyPem) {

    /** Never prints the key: records would otherwise dump it into any log line that mentions one. */
    @Override
    public String toString() {
        return "ClientCredential[certFile=" + certFile + ", keyFile=" + keyFile + "]";
    }
}
