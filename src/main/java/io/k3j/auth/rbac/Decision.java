package io.k3j.auth.rbac;

/**
 * An authorization answer and upstream's reason text: on allow {@code RBAC: allowed by ClusterRoleBinding "x" of
 * ClusterRole "y" to Group "z"} (empty for system:masters, which upstream admits before RBAC); on deny empty,
 * or {@code RBAC: <errors>} when bindings pointed at roles that do not exist.
 */
public record Decision(boolean allowed, String reason) {

    static final Decision PRIVILEGED = new Decision(true, "");
}
