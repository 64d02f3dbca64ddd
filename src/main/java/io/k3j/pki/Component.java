package io.k3j.pki;

/**
 * Internal clients that get their own client certificate (signed by the client CA). Identities follow
 * the names the Kubernetes RBAC bootstrap policy grants rights to, so default ClusterRoleBindings apply.
 */
public enum Component {
    CONTROLLER("client-controller", "system:kube-controller-manager", null),
    SCHEDULER("client-scheduler", "system:kube-scheduler", null),
    KUBE_PROXY("client-kube-proxy", "system:kube-proxy", null),
    /** The k3j add-on controllers (deploy/helm), like K3s's {@code system:k3s-controller}. */
    K3J_CONTROLLER("client-k3j-controller", "system:k3j-controller", null),
    /** The API server's own loopback client; full rights, as in K3s. */
    APISERVER("client-kube-apiserver", "system:apiserver", "system:masters"),
    /** The kubelet's client identity; the node authorizer keys on {@code system:node:<name>}. */
    KUBELET("client-kubelet", null, "system:nodes");

    private final String fileBase;
    private final String commonName;
    private final String organization;

    Component(String fileBase, String commonName, String organization) {
        this.fileBase = fileBase;
        this.commonName = commonName;
        this.organization = organization;
    }

    /** File name without extension under the tls dir, e.g. {@code client-controller}. */
    public String fileBase() {
        return fileBase;
    }

    public String commonName(String nodeName) {
        return this == KUBELET ? "system:node:" + nodeName : commonName;
    }

    LeafTemplate template(String nodeName) {
        return organization == null
                ? LeafTemplate.client(fileBase, commonName(nodeName))
                : LeafTemplate.client(fileBase, commonName(nodeName), organization);
    }
}
