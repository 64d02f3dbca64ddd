package io.k3j.auth;

import java.util.Set;

/**
 * The part of upstream's bootstrap policy that covers non-resource URLs, before RBAC objects
 * exist: system:masters may do anything (cluster-admin); everyone may read the public health and
 * version endpoints (system:public-info-viewer). /metrics is for system:masters only until RBAC
 * brings the system:monitoring role.
 */
public final class BootstrapPolicyAuthorizer implements Authorizer {

    private static final Set<String> PUBLIC = Set.of("/healthz", "/livez", "/readyz", "/version");

    @Override
    public boolean allowedPath(UserInfo user, String verb, String path) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return true;
        }
        if (!"get".equals(verb)) {
            return false;
        }
        return isPublic(path);
    }

    private static boolean isPublic(String path) {
        if (PUBLIC.contains(path)) {
            return true;
        }
        int slash = path.indexOf('/', 1);
        return slash > 0 && PUBLIC.contains(path.substring(0, slash)) && !path.startsWith("/version/");
    }
}
