package io.k3j.auth;

/** Decides whether a user may perform a verb on a non-resource path (resources come with RBAC). */
public interface Authorizer {

    boolean allowedPath(UserInfo user, String verb, String path);
}
