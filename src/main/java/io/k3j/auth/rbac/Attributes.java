package io.k3j.auth.rbac;

/**
 * What a request asks to do, as upstream's authorizer.Attributes: a verb on a resource (group, resource,
 * subresource, namespace, name) or a verb on a non-resource path. Empty strings stand for "none".
 */
public record Attributes(boolean resourceRequest, String verb, String apiGroup, String resource, String subresource,
                         String namespace, String name, String path) {

    public static Attributes resource(String verb, String apiGroup, String resource, String subresource,
                                      String namespace, String name) {
        return new Attributes(true, verb, nz(apiGroup), nz(resource), nz(subresource), nz(namespace), nz(name), "");
    }

    public static Attributes path(String verb, String path) {
        return new Attributes(false, verb, "", "", "", "", "", nz(path));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
