package io.k3j.auth;

/** Decides whether a user may do something: a verb on a non-resource path, or on a resource. */
public interface Authorizer {

    boolean allowedPath(UserInfo user, String verb, String path);

    /**
     * @param namespace empty for cluster-scoped resources and for lists across all namespaces
     * @param name      empty for collections
     */
    boolean allowedResource(UserInfo user, String verb, String apiGroup, String resource, String subresource,
                            String namespace, String name);
}
