package io.k3j.auth;

import java.util.Set;

/**
 * What holds whatever the RBAC objects say, behind RBAC in the authorizer chain:
 * <ul>
 *   <li>system:masters may do anything (upstream's privileged-groups authorizer);</li>
 *   <li>everyone may GET the health and version endpoints, so a cluster whose public-info-viewer binding was
 *       edited away still answers its probes;</li>
 *   <li><b>temporary:</b> k3j's own components — system:kube-controller-manager, system:kube-scheduler,
 *       system:k3j-controller — may use every resource. Upstream runs each controller under its own
 *       ServiceAccount (bound to its system:controller:* role); k3j's controllers share one client identity.
 *       Remove this once per-controller identities land. Nodes get nothing here: the Node authorizer
 *       ({@code io.k3j.auth.node}) decides for them, as upstream.</li>
 * </ul>
 * Discovery, OpenAPI, /metrics, service-account issuer discovery and "who am I" are RBAC's (system:discovery,
 * system:public-info-viewer, system:monitoring, system:service-account-issuer-discovery, system:basic-user).
 */
public final class BootstrapPolicyAuthorizer implements Authorizer {

    private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");
    /** Temporary, see the class comment. */
    private static final Set<String> COMPONENTS = Set.of("system:kube-controller-manager", "system:kube-scheduler",
            "system:k3j-controller");

    @Override
    public boolean allowedPath(UserInfo user, String verb, String path) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return true;
        }
        return "get".equals(verb) && isPublic(path);
    }

    @Override
    public boolean allowedResource(UserInfo user, String verb, String apiGroup, String resource, String subresource,
                                   String namespace, String name) {
        return user.inGroup(UserInfo.MASTERS) || COMPONENTS.contains(user.name());
    }

    /** The health endpoints with their sub-paths ("/healthz/ping"), and /version exactly. */
    private static boolean isPublic(String path) {
        if (PUBLIC.contains(path)) {
            return true;
        }
        int slash = path.indexOf('/', 1);
        return slash > 0 && PUBLIC.contains(path.substring(0, slash)) && !path.startsWith("/version/");
    }
}
