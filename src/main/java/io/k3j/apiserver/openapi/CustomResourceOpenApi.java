package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI v3 document of one group version served by CRDs: the same paths built-in resources get (so
 * kubectl finds each kind's PATCH operation and its fieldValidation parameter), the kind schemas from the CRDs'
 * openAPIV3Schema with apiVersion, kind and metadata added and {@code x-kubernetes-group-version-kind} set, list
 * schemas, and the meta/v1 schemas they reference. Schema names follow upstream: {@code com.example.stable.v1.CronTab}.
 */
final class CustomResourceOpenApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String REF = "#/components/schemas/";
    private static final String API_VERSION_DOC = "APIVersion defines the versioned schema of this representation of "
            + "an object. Servers should convert recognized schemas to the latest internal value, and may reject "
            + "unrecognized values. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String KIND_DOC = "Kind is a string value representing the REST resource this object "
            + "represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. "
            + "In CamelCase. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String METADATA_DOC = "Standard object's metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    private static final String LIST_METADATA_DOC = "Standard list metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private CustomResourceOpenApi() {
    }

    /** The document for {@code resources}, all of one group version, every one custom. */
    static ObjectNode document(String group, String version, List<ResourceDescriptor> resources, OpenApiV3 builtin) {
        Map<GroupVersionKind, String> names = new HashMap<>();
        Map<String, ObjectNode> own = new HashMap<>();
        for (ResourceDescriptor r : resources) {
            String kindName = schemaName(group, version, r.kind());
            String listName = schemaName(group, version, r.listKind());
            names.put(r.groupVersionKind(), kindName);
            names.put(new GroupVersionKind(group, version, r.listKind()), listName);
            own.put(kindName, kindSchema(r));
            own.put(listName, listSchema(r, kindName));
        }
        names.put(new GroupVersionKind("autoscaling", "v1", "Scale"), "io.k8s.api.autoscaling.v1.Scale");
        Set<String> roots = new LinkedHashSet<>();
        PathsBuilder paths = new PathsBuilder(group, version, names::get, roots);
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", io.k3j.Version.current().kubernetes());
        doc.set("paths", paths.build(resources));
        roots.add(SchemaNames.META + "ObjectMeta");
        roots.add(SchemaNames.META + "ListMeta");
        Set<String> builtinRoots = new LinkedHashSet<>(roots);
        builtinRoots.removeAll(own.keySet());
        Map<String, ObjectNode> all = new java.util.TreeMap<>(builtin.referencedSchemas(builtinRoots));
        all.putAll(own);
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        all.forEach(schemas::set);
        ObjectNode bearer = doc.withObjectProperty("components").putObject("securitySchemes").putObject("BearerToken");
        bearer.put("type", "apiKey").put("description", "Bearer Token authentication").put("name", "authorization")
                .put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    /** {@code stable.example.com}, {@code v1}, {@code CronTab} → {@code com.example.stable.v1.CronTab}. */
    static String schemaName(String group, String version, String kind) {
        String[] parts = group.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = parts.length - 1; i >= 0; i--) {
            sb.append(parts[i]).append('.');
        }
        return sb.append(version).append('.').append(kind).toString();
    }

    private static ObjectNode kindSchema(ResourceDescriptor r) {
        JsonNode raw = r.custom().openApiSchema();
        ObjectNode schema = raw != null && raw.isObject() ? ((ObjectNode) raw).deepCopy() : JSON.objectNode();
        schema.put("type", "object");
        ObjectNode props = JSON.objectNode();
        props.set("apiVersion", JSON.objectNode().put("description", API_VERSION_DOC).put("type", "string"));
        props.set("kind", JSON.objectNode().put("description", KIND_DOC).put("type", "string"));
        props.set("metadata", wrappedRef(SchemaNames.META + "ObjectMeta", METADATA_DOC));
        schema.path("properties").properties().forEach(e -> {
            if (!props.has(e.getKey())) {
                props.set(e.getKey(), e.getValue());
            }
        });
        schema.set("properties", props);
        gvk(schema, r.group(), r.version(), r.kind());
        return schema;
    }

    private static ObjectNode listSchema(ResourceDescriptor r, String kindName) {
        ObjectNode schema = JSON.objectNode().put("description", r.listKind() + " is a list of " + r.kind());
        schema.put("type", "object");
        schema.putArray("required").add("items");
        ObjectNode props = schema.putObject("properties");
        props.set("apiVersion", JSON.objectNode().put("description", API_VERSION_DOC).put("type", "string"));
        ObjectNode items = props.putObject("items").put("description", "List of " + r.resource()
                + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
        items.put("type", "array");
        items.putObject("items").put("$ref", REF + kindName);
        props.set("kind", JSON.objectNode().put("description", KIND_DOC).put("type", "string"));
        props.set("metadata", wrappedRef(SchemaNames.META + "ListMeta", LIST_METADATA_DOC));
        gvk(schema, r.group(), r.version(), r.listKind());
        return schema;
    }

    private static ObjectNode wrappedRef(String name, String description) {
        ObjectNode n = JSON.objectNode();
        n.putArray("allOf").addObject().put("$ref", REF + name);
        return n.put("description", description);
    }

    private static void gvk(ObjectNode schema, String group, String version, String kind) {
        schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", group).put("kind", kind)
                .put("version", version);
    }
}
