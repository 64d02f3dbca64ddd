package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code paths} of one group-version document, laid out as kube-apiserver installs its routes: collection,
 * item, subresource, the deprecated {@code watch/} paths and the all-namespaces list. Every operation carries
 * {@code x-kubernetes-action} and {@code x-kubernetes-group-version-kind}, which kubectl uses to find kinds.
 */
final class PathsBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final List<String> PATCH_TYPES = List.of("application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json");

    private final String group;
    private final String version;
    private final String prefix;
    private final String idPrefix;
    private final Function<GroupVersionKind, String> schemaOf;
    private final Set<String> roots;
    private final TreeMap<String, ObjectNode> paths = new TreeMap<>();

    /**
     * @param schemaOf schema name of a kind, or null when it has none (connect option kinds)
     * @param roots    receives every schema name an operation references
     */
    PathsBuilder(String group, String version, Function<GroupVersionKind, String> schemaOf, Set<String> roots) {
        this.group = group;
        this.version = version;
        this.prefix = GroupVersionResource.pathPrefix(group, version);
        this.idPrefix = groupId(group) + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1);
        this.schemaOf = schemaOf;
        this.roots = roots;
    }

    ObjectNode build(List<ResourceDescriptor> resources) {
        ObjectNode root = path(prefix + "/");
        ObjectNode get = op(root, "get", "get available resources", "get" + idPrefix + "APIResources", null, null);
        respond(get, "200", SchemaNames.META + "APIResourceList");
        resources.forEach(this::addResource);
        ObjectNode out = JSON.objectNode();
        paths.forEach(out::set);
        return out;
    }

    private void addResource(ResourceDescriptor r) {
        GroupVersionKind gvk = r.groupVersionKind();
        String kindSchema = schemaOf.apply(gvk);
        String listSchema = r.listKind() == null ? null : schemaOf.apply(new GroupVersionKind(group, version, r.listKind()));
        String ns = r.namespaced() ? "/namespaces/{namespace}" : "";
        String nsId = r.namespaced() ? "Namespaced" : "";
        boolean smp = r.modelClass() != null;

        ObjectNode collection = path(prefix + ns + "/" + r.resource());
        pathParams(collection, r, false);
        if (r.supports("list")) {
            ObjectNode list = op(collection, "get", "list or watch objects of kind " + r.kind(),
                    "list" + idPrefix + nsId + r.kind(), "list", gvk);
            Parameters.addAll(list.withArrayProperty("parameters"), Parameters.LIST);
            respond(list, "200", listSchema);
        }
        if (r.supports("create")) {
            ObjectNode create = op(collection, "post", "create " + r.kind(), "create" + idPrefix + nsId + r.kind(),
                    "post", gvk);
            writeParams(create, false);
            body(create, kindSchema);
            respond(create, "200", kindSchema);
            respond(create, "201", kindSchema);
            respond(create, "202", kindSchema);
        }
        if (r.supports("deletecollection")) {
            ObjectNode del = op(collection, "delete", "delete collection of " + r.kind(),
                    "deletecollection" + idPrefix + nsId + r.kind(), "deletecollection", gvk);
            Parameters.addAll(del.withArrayProperty("parameters"), Parameters.DELETE);
            Parameters.addAll(del.withArrayProperty("parameters"), Parameters.LIST);
            body(del, SchemaNames.META + "DeleteOptions");
            respond(del, "200", SchemaNames.META + "Status");
        }
        if (collection.size() == 1) {
            paths.remove(prefix + ns + "/" + r.resource()); // only path parameters: nothing served here
        }
        if (r.supports("get") || r.supports("update") || r.supports("patch") || r.supports("delete")) {
            addItem(r, gvk, kindSchema, ns, nsId, smp);
        }
        if (r.namespaced() && r.supports("list")) {
            ObjectNode all = path(prefix + "/" + r.resource());
            ObjectNode list = op(all, "get", "list or watch objects of kind " + r.kind(),
                    "list" + idPrefix + r.kind() + "ForAllNamespaces", "list", gvk);
            Parameters.addAll(list.withArrayProperty("parameters"), Parameters.LIST);
            respond(list, "200", listSchema);
        }
        if (r.supports("watch")) {
            addWatch(r, gvk, ns, nsId);
        }
        for (SubresourceDescriptor s : r.subresources()) {
            new SubresourcePaths(this, r, s, ns, nsId, smp).add();
        }
    }

    private void addItem(ResourceDescriptor r, GroupVersionKind gvk, String kindSchema, String ns, String nsId,
            boolean smp) {
        ObjectNode item = path(prefix + ns + "/" + r.resource() + "/{name}");
        pathParams(item, r, true);
        if (r.supports("get")) {
            respond(op(item, "get", "read the specified " + r.kind(), "read" + idPrefix + nsId + r.kind(), "get", gvk),
                    "200", kindSchema);
        }
        if (r.supports("update")) {
            ObjectNode put = op(item, "put", "replace the specified " + r.kind(),
                    "replace" + idPrefix + nsId + r.kind(), "put", gvk);
            writeParams(put, false);
            body(put, kindSchema);
            respond(put, "200", kindSchema);
            respond(put, "201", kindSchema);
        }
        if (r.supports("delete")) {
            ObjectNode del = op(item, "delete", "delete " + r.kind(), "delete" + idPrefix + nsId + r.kind(),
                    "delete", gvk);
            Parameters.addAll(del.withArrayProperty("parameters"), Parameters.DELETE);
            body(del, SchemaNames.META + "DeleteOptions");
            respond(del, "200", SchemaNames.META + "Status");
            respond(del, "202", SchemaNames.META + "Status");
        }
        if (r.supports("patch")) {
            patch(item, r.kind(), "patch" + idPrefix + nsId + r.kind(), gvk, kindSchema, smp);
        }
    }

    private void addWatch(ResourceDescriptor r, GroupVersionKind gvk, String ns, String nsId) {
        ObjectNode list = path(prefix + "/watch" + ns + "/" + r.resource());
        pathParams(list, r, false);
        Parameters.addAll(list.withArrayProperty("parameters"), Parameters.LIST);
        watchOp(list, "watch individual changes to a list of " + r.kind(), "watch" + idPrefix + nsId + r.kind() + "List",
                "watchlist", gvk);
        ObjectNode item = path(prefix + "/watch" + ns + "/" + r.resource() + "/{name}");
        pathParams(item, r, true);
        Parameters.addAll(item.withArrayProperty("parameters"), Parameters.LIST);
        watchOp(item, "watch changes to an object of kind " + r.kind(), "watch" + idPrefix + nsId + r.kind(), "watch", gvk);
        if (r.namespaced()) {
            ObjectNode all = path(prefix + "/watch/" + r.resource());
            Parameters.addAll(all.withArrayProperty("parameters"), Parameters.LIST);
            all.withArrayProperty("parameters").add(Parameters.PRETTY);
            watchOp(all, "watch individual changes to a list of " + r.kind(),
                    "watch" + idPrefix + r.kind() + "ListForAllNamespaces", "watchlist", gvk);
        }
    }

    private void watchOp(ObjectNode path, String description, String id, String action, GroupVersionKind gvk) {
        ObjectNode op = op(path, "get", description, id, action, gvk);
        String watchEvent = SchemaNames.META + "WatchEvent";
        roots.add(watchEvent);
        ObjectNode content = op.withObjectProperty("responses").putObject("200").put("description", "OK").putObject("content");
        for (String type : List.of("application/json", "application/json;stream=watch")) {
            content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + watchEvent);
        }
    }

    void patch(ObjectNode path, String kind, String id, GroupVersionKind gvk, String schema, boolean smp) {
        ObjectNode patch = op(path, "patch", "partially update the specified " + kind, id, "patch", gvk);
        writeParams(patch, true);
        ObjectNode body = patch.putObject("requestBody");
        ObjectNode content = body.putObject("content");
        roots.add(SchemaNames.PATCH);
        for (String type : PATCH_TYPES) {
            // CRDs cannot take strategic merge patch; kubectl then falls back to JSON merge patch.
            if (smp || !type.contains("strategic")) {
                content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + SchemaNames.PATCH);
            }
        }
        body.put("required", true);
        respond(patch, "200", schema);
        respond(patch, "201", schema);
    }

    void writeParams(ObjectNode op, boolean patch) {
        ArrayNode params = op.withArrayProperty("parameters");
        params.add(Parameters.DRY_RUN).add(Parameters.FIELD_MANAGER).add(Parameters.FIELD_VALIDATION);
        if (patch) {
            params.add(Parameters.FORCE);
        }
    }

    void pathParams(ObjectNode path, ResourceDescriptor r, boolean named) {
        ArrayNode params = path.withArrayProperty("parameters");
        if (named) {
            params.add(Parameters.path("name", "name of the " + r.kind()));
        }
        if (r.namespaced()) {
            params.add(Parameters.path("namespace", "object name and auth scope, such as for teams and projects"));
        }
        params.add(Parameters.PRETTY);
    }

    ObjectNode path(String p) {
        return paths.computeIfAbsent(p, k -> JSON.objectNode());
    }

    ObjectNode op(ObjectNode path, String method, String description, String id, String action, GroupVersionKind gvk) {
        ObjectNode op = path.putObject(method);
        op.putArray("tags").add(tag());
        op.put("description", description).put("operationId", id);
        op.putObject("responses").putObject("401").put("description", "Unauthorized");
        if (action != null) {
            op.put("x-kubernetes-action", action);
        }
        if (gvk != null) {
            op.putObject("x-kubernetes-group-version-kind").put("group", gvk.group()).put("kind", gvk.kind())
                    .put("version", gvk.version());
        }
        return op;
    }

    void body(ObjectNode op, String schema) {
        if (schema == null) {
            return;
        }
        roots.add(schema);
        ObjectNode body = op.putObject("requestBody");
        body.putObject("content").putObject("*/*").putObject("schema").put("$ref", "#/components/schemas/" + schema);
        body.put("required", !schema.endsWith("DeleteOptions"));
    }

    void respond(ObjectNode op, String code, String schema) {
        ObjectNode response = op.withObjectProperty("responses").putObject(code).put("description", switch (code) {
            case "201" -> "Created";
            case "202" -> "Accepted";
            default -> "OK";
        });
        if (schema != null) {
            roots.add(schema);
            ObjectNode content = response.putObject("content");
            for (String type : List.of("application/json", "application/yaml")) {
                content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + schema);
            }
        }
    }

    String idPrefix() {
        return idPrefix;
    }

    String prefix() {
        return prefix;
    }

    String schemaOf(GroupVersionKind gvk) {
        return schemaOf.apply(gvk);
    }

    private String tag() {
        String g = group.isEmpty() ? "core" : Character.toLowerCase(groupId(group).charAt(0)) + groupId(group).substring(1);
        return g + "_" + version;
    }

    /** {@code rbac.authorization.k8s.io} → {@code RbacAuthorization}, "" → {@code Core}, as upstream IDs do. */
    static String groupId(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        String trimmed = group.replaceFirst("\\.k8s\\.io$", "");
        StringBuilder sb = new StringBuilder();
        for (String part : trimmed.split("[.-]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
