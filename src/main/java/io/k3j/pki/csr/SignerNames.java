package io.k3j.pki.csr;

/** The signer names of the CSR API that k3j's signing controller knows (upstream's well-known signers). */
public final class SignerNames {

    public static final String KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";
    public static final String KUBE_APISERVER_CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
    /** Only v1beta1 could ask for it; never signed. */
    public static final String LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown";

    private SignerNames() {
    }

    /** {@code domain/*} for {@code domain/path}, the wildcard upstream also checks the approve and sign verbs on. */
    public static String wildcard(String signerName) {
        int slash = signerName.indexOf('/');
        return (slash < 0 ? signerName : signerName.substring(0, slash)) + "/*";
    }
}
