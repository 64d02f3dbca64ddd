package io.k3j.auth.node;

/**
 * One object the graph knows about: its kind and namespace/name (namespace empty for cluster-scoped kinds).
 */
public record ObjectRef(Kind kind, String namespace, String name) {

    /** The kinds of vertex upstream's graph has, with the names its log lines use. */
    public enum Kind {
        POD("pod"), SECRET("secret"), CONFIGMAP("configmap"), PVC("pvc"), PV("pv"),
        SERVICE_ACCOUNT("serviceAccount"), RESOURCE_CLAIM("resourceclaim"), VOLUME_ATTACHMENT("volumeattachment");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ObjectRef {
        namespace = namespace == null ? "" : namespace;
    }

    @Override
    public String toString() {
        return kind.label + " " + namespace + "/" + name;
    }
}
