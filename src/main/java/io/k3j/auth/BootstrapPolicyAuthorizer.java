package io.k3j.auth;

import java.util.Set;

/**
 * The part of upstream's bootstrap policy that holds before RBAC objects are served:
 * system:masters may do anything (cluster-admin); everyone may read the health and version
 * endpoints (system:public-info-viewer); authenticated users may read discovery and OpenAPI
 * (system:discovery). /metrics and every resource are for system:masters until RBAC lands.
 */
public final class BootstrapPolicyAuthorizer implements Authorizer {

    private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");
    private static final Set<String> DISCOVERY = Set.of("/api", "/apis", "/openapi");
    /** system:service-account-issuer-discovery, bound upstream to every ServiceAccount. */
    private static final Set<String> ISSUER_DISCOVERY = Set.of("/.well-known/openid-configuration", "/openid/v1/jwks");

    @Override
    public boolean allowedPath(UserInfo user, String verb, String path) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return true;
        }
        if (!"get".equals(verb)) {
            return false;
        }
        if (matches(PUBLIC, path)) {
            return true;
        }
        if (user.inGroup("system:serviceaccounts") && ISSUER_DISCOVERY.contains(path)) {
            return true;
        }
        return user.inGroup(UserInfo.AUTHENTICATED) && matches(DISCOVERY, path);
    }

    /**
     * The server's own components. Until RBAC serves their bootstrap roles (system:kube-controller-manager,
     * system:kube-scheduler, and K3s's controller role), they get what those roles will grant them: the resources.
     */
    private static final Set<String> COMPONENTS = Set.of("system:kube-controller-manager", "system:kube-scheduler",
            "system:k3j-controller");

    @Override
    public boolean allowedResource(UserInfo user, String verb, String apiGroup, String resource, String subresource,
                                   String namespace, String name) {
        // system:basic-user: every authenticated user may ask who they are (kubectl auth whoami).
        if (user.inGroup(UserInfo.AUTHENTICATED) && "create".equals(verb) && "authentication.k8s.io".equals(apiGroup)
                && "selfsubjectreviews".equals(resource) && subresource.isEmpty()) {
            return true;
        }
        // Nodes (system:nodes) likewise, until the node authorizer confines each to its own objects.
        return user.inGroup(UserInfo.MASTERS) || COMPONENTS.contains(user.name()) || user.inGroup("system:nodes");
    }

    /** Exact entries, or entries followed by a sub-path ("/healthz/ping", "/apis/apps/v1"). */
    private static boolean matches(Set<String> roots, String path) {
        if (roots.contains(path)) {
            return true;
        }
        int slash = path.indexOf('/', 1);
        return slash > 0 && roots.contains(path.substring(0, slash)) && !path.startsWith("/version/");
    }
}
