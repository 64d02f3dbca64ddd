package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import java.util.List;
import java.util.Map;

/**
 * Operations of one subresource path: status-like ones (read/replace/patch of a kind), create-only ones
 * (binding, eviction, token) and the connect family (exec, attach, portforward, proxy, whose bodies are streams).
 */
final class SubresourcePaths {

    private static final Map<String, List<com.fasterxml.jackson.databind.node.ObjectNode>> CONNECT_PARAMS = Map.of(
            "exec", Parameters.EXEC, "attach", Parameters.ATTACH, "portforward", Parameters.PORTFORWARD,
            "proxy", Parameters.PROXY);

    private final PathsBuilder b;
    private final ResourceDescriptor r;
    private final SubresourceDescriptor s;
    private final String ns;
    private final String nsId;
    private final boolean smp;

    SubresourcePaths(PathsBuilder b, ResourceDescriptor r, SubresourceDescriptor s, String ns, String nsId, boolean smp) {
        this.b = b;
        this.r = r;
        this.s = s;
        this.ns = ns;
        this.nsId = nsId;
        this.smp = smp;
    }

    void add() {
        ObjectNode path = b.path(b.prefix() + ns + "/" + r.resource() + "/{name}/" + s.name());
        b.pathParams(path, r, true);
        GroupVersionKind gvk = s.responseKind(r);
        String schema = b.schemaOf(gvk);
        String suffix = capitalize(s.name());
        String id = b.idPrefix() + nsId + r.kind() + suffix;
        if (CONNECT_PARAMS.containsKey(s.name())) {
            for (String verb : s.verbs()) {
                String method = verb.equals("create") ? "post" : verb.equals("update") ? "put" : verb;
                String m = capitalize(method);
                ObjectNode op = b.op(path, method, "connect " + m.toUpperCase() + " requests to " + s.name() + " of "
                        + r.kind(), "connect" + b.idPrefix() + m + nsId + r.kind() + suffix, "connect", gvk);
                Parameters.addAll(op.withArrayProperty("parameters"), CONNECT_PARAMS.get(s.name()));
                op.withObjectProperty("responses").putObject("200").put("description", "OK").putObject("content")
                        .putObject("*/*").putObject("schema").put("type", "string");
            }
            return;
        }
        if (s.name().equals("log")) {
            ObjectNode op = b.op(path, "get", "read log of the specified " + r.kind(), "read" + id, "get", gvk);
            Parameters.addAll(op.withArrayProperty("parameters"), Parameters.LOG);
            op.withObjectProperty("responses").putObject("200").put("description", "OK").putObject("content")
                    .putObject("text/plain").putObject("schema").put("type", "string");
            return;
        }
        if (s.verbs().contains("get")) {
            b.respond(b.op(path, "get", "read " + s.name() + " of the specified " + r.kind(), "read" + id, "get", gvk),
                    "200", schema);
        }
        if (s.verbs().contains("create")) {
            ObjectNode op = b.op(path, "post", "create " + s.kind() + " of a " + r.kind(), "create" + id, "post", gvk);
            b.writeParams(op, false);
            b.body(op, schema);
            b.respond(op, "200", schema);
            b.respond(op, "201", schema);
            b.respond(op, "202", schema);
        }
        if (s.verbs().contains("update")) {
            ObjectNode op = b.op(path, "put", "replace " + s.name() + " of the specified " + r.kind(), "replace" + id,
                    "put", gvk);
            b.writeParams(op, false);
            b.body(op, schema);
            b.respond(op, "200", schema);
            b.respond(op, "201", schema);
        }
        if (s.verbs().contains("patch")) {
            b.patch(path, r.kind(), "patch" + id, gvk, schema, smp);
        }
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
