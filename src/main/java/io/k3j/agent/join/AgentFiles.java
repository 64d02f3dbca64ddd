package io.k3j.agent.join;

import java.nio.file.Path;

/**
 * The agent's files under {@code <data-dir>/agent}, named as K3s names them, all mode 0600 in a 0700 directory:
 * the server CA the token pinned, the client CA (the kubelet's server will verify API-server clients with it), the
 * kubelet client certificate and key, a kubeconfig over them, and the node password. K3s keeps the password in
 * {@code /etc/rancher/node/password}, one per machine; k3j keeps it per data dir so several hollow agents can run
 * on one machine.
 */
public record AgentFiles(Path dir) {

    public Path serverCa() {
        return dir.resolve("server-ca.crt");
    }

    public Path clientCa() {
        return dir.resolve("client-ca.crt");
    }

    public Path kubeletCert() {
        return dir.resolve("client-kubelet.crt");
    }

    public Path kubeletKey() {
        return dir.resolve("client-kubelet.key");
    }

    public Path kubeletKubeconfig() {
        return dir.resolve("kubelet.kubeconfig");
    }

    public Path nodePassword() {
        return dir.resolve("node-password");
    }
}
