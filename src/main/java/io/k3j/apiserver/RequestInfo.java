package io.k3j.apiserver;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Map;

/**
 * What a request addresses, parsed from its path as kube-apiserver's RequestInfoFactory does:
 * either a non-resource path (/healthz, /version, discovery documents) or a resource request with
 * its verb, API group and version, namespace, resource, name and subresource.
 */
public record RequestInfo(boolean resourceRequest, String path, String verb, String apiGroup, String apiVersion,
                          String namespace, String resource, String name, String subresource) {

    private static final Map<HttpMethod, String> VERBS = Map.of(
            HttpMethod.GET, "get", HttpMethod.HEAD, "get", HttpMethod.POST, "create", HttpMethod.PUT, "update",
            HttpMethod.PATCH, "patch", HttpMethod.DELETE, "delete");

    public static RequestInfo parse(HttpMethod method, String path, boolean watchParam) {
        String[] parts = split(path);
        String lower = method.name().toLowerCase(java.util.Locale.ROOT);
        if (parts.length == 0 || !(parts[0].equals("api") || parts[0].equals("apis"))) {
            return nonResource(path, lower);
        }
        int i;
        String group;
        String version;
        if (parts[0].equals("api")) {
            if (parts.length < 3) {
                return nonResource(path, lower); // /api, /api/v1
            }
            group = "";
            version = parts[1];
            i = 2;
        } else {
            if (parts.length < 4) {
                return nonResource(path, lower); // /apis, /apis/g, /apis/g/v
            }
            group = parts[1];
            version = parts[2];
            i = 3;
        }
        String verb = VERBS.getOrDefault(method, lower);
        List<String> rest = List.of(parts).subList(i, parts.length);
        if (!rest.isEmpty() && rest.get(0).equals("watch")) { // deprecated /watch/ prefix
            verb = "watch";
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            // /namespaces/<ns>/<resource>… addresses objects in <ns>; /namespaces/<ns>[/status|/finalize]
            // addresses the Namespace object itself.
            if (rest.size() > 2 && !rest.get(2).equals("status") && !rest.get(2).equals("finalize")) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.isEmpty() ? "" : rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String sub = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : "";
        if (name.isEmpty()) {
            if (verb.equals("get")) {
                verb = watchParam ? "watch" : "list";
            } else if (verb.equals("delete")) {
                verb = "deletecollection";
            }
        } else if (verb.equals("get") && watchParam) {
            verb = "watch";
        }
        return new RequestInfo(true, path, verb, group, version, namespace, resource, name, sub);
    }

    private static RequestInfo nonResource(String path, String method) {
        String verb = switch (method) {
            case "head" -> "get";
            default -> method;
        };
        return new RequestInfo(false, path, verb, "", "", "", "", "", "");
    }

    private static String[] split(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
