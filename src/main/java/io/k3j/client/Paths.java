package io.k3j.client;

import io.k3j.api.GroupVersionResource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** REST paths of resources: {@code /api/v1/namespaces/<ns>/pods/<name>/status} and friends. */
public final class Paths {

    private Paths() {
    }

    public static String collection(GroupVersionResource r, String namespace) {
        String base = GroupVersionResource.pathPrefix(r.group(), r.version());
        return namespace == null || namespace.isEmpty() ? base + "/" + r.resource()
                : base + "/namespaces/" + seg(namespace) + "/" + r.resource();
    }

    public static String object(GroupVersionResource r, String namespace, String name, String subresource) {
        String p = collection(r, namespace) + "/" + seg(name);
        return subresource == null || subresource.isEmpty() ? p : p + "/" + subresource;
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
