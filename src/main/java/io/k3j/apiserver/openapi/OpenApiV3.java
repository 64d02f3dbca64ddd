package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import io.k3j.apiserver.discovery.CachedDocument;
import io.k3j.apiserver.discovery.GroupVersions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAPI v3 for one resource snapshot: the {@code /openapi/v3} index and one document per group version
 * ({@code api/v1}, {@code apis/apps/v1}, …), generated from the fabric8 model on first use and then served as
 * cached bytes. {@code /openapi/v2} is deliberately absent: kubectl only asks it for protobuf, so the server
 * should answer 404 there.
 */
public final class OpenApiV3 {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GroupVersions groupVersions;
    /** index key ("api/v1", "apis/apps/v1") → [group, version]. */
    private final Map<String, String[]> keys = new LinkedHashMap<>();
    private final Map<GroupVersionKind, Class<?>> models = new LinkedHashMap<>();
    private final Map<GroupVersionKind, String> schemaNames = new LinkedHashMap<>();
    private final SchemaGenerator generator;
    private final Map<String, CachedDocument> documents = new HashMap<>();
    private CachedDocument index;

    private OpenApiV3(Collection<ResourceDescriptor> resources) {
        this.groupVersions = GroupVersions.of(resources);
        for (String g : groupVersions.groups()) {
            for (String v : groupVersions.versions(g)) {
                keys.put(g.isEmpty() ? "api/" + v : "apis/" + g + "/" + v, new String[] {g, v});
            }
        }
        for (ResourceDescriptor r : resources) {
            if (r.modelClass() != null) {
                models.put(r.groupVersionKind(), r.modelClass());
            }
            if (r.listModelClass() != null) {
                models.put(new GroupVersionKind(r.group(), r.version(), r.listKind()), r.listModelClass());
            }
            for (SubresourceDescriptor s : r.subresources()) {
                SubresourceModels.modelOf(s.responseKind(r)).ifPresent(c -> models.putIfAbsent(s.responseKind(r), c));
            }
        }
        Map<String, List<GroupVersionKind>> kindsBySchema = new HashMap<>();
        models.forEach((gvk, type) -> {
            String name = SchemaNames.of(type);
            schemaNames.put(gvk, name);
            kindsBySchema.computeIfAbsent(name, n -> new ArrayList<>()).add(gvk);
        });
        this.generator = new SchemaGenerator(kindsBySchema);
        // Schemas every group version references from its operations (delete bodies, watch events, …).
        for (Class<?> meta : List.of(io.fabric8.kubernetes.api.model.DeleteOptions.class,
                io.fabric8.kubernetes.api.model.Status.class, io.fabric8.kubernetes.api.model.WatchEvent.class,
                io.fabric8.kubernetes.api.model.APIResourceList.class)) {
            generator.register(meta);
        }
    }

    public static OpenApiV3 build(Collection<ResourceDescriptor> resources) {
        return new OpenApiV3(resources);
    }

    /** Index keys in discovery order. */
    public List<String> keys() {
        return List.copyOf(keys.keySet());
    }

    /** The document for an index key ({@code api/v1}, {@code apis/apps/v1}), generated on first request. */
    public synchronized Optional<CachedDocument> groupVersion(String key) {
        String[] gv = keys.get(key);
        if (gv == null) {
            return Optional.empty();
        }
        return Optional.of(documents.computeIfAbsent(key, k -> serialise(groupVersionDocument(gv[0], gv[1]))));
    }

    /**
     * {@code /openapi/v3}: every group version with its content-hash URL. The first call generates every document
     * (a few hundred ms), so call it once at startup off the event loop.
     */
    public synchronized CachedDocument index() {
        if (index == null) {
            ObjectNode doc = JSON.objectNode();
            ObjectNode paths = doc.putObject("paths");
            for (String key : keys.keySet()) {
                paths.putObject(key).put("serverRelativeURL", url(key));
            }
            index = serialise(doc);
        }
        return index;
    }

    /**
     * Resolves {@code /openapi/v3} and {@code /openapi/v3/<key>}; {@code hash} is the request's {@code ?hash=}
     * parameter or null.
     */
    public OpenApiResponse resolve(String path, String hash) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/openapi/v3")) {
            return OpenApiResponse.ok(index(), false);
        }
        if (!p.startsWith("/openapi/v3/")) {
            return OpenApiResponse.notFound();
        }
        String key = p.substring("/openapi/v3/".length());
        Optional<CachedDocument> doc = groupVersion(key);
        if (doc.isEmpty()) {
            return OpenApiResponse.notFound();
        }
        if (hash == null || hash.isEmpty()) {
            return OpenApiResponse.ok(doc.get(), false);
        }
        return hash.equals(doc.get().hash()) ? OpenApiResponse.ok(doc.get(), true) : OpenApiResponse.movedTo(url(key));
    }

    /** The schema name of every kind with a model, for server-side request validation. */
    public Map<GroupVersionKind, String> schemaNames() {
        return Map.copyOf(schemaNames);
    }

    /** {@code [{"group","version","kind","schema"}]} as JSON, the same mapping as {@link #schemaNames()}. */
    public CachedDocument schemaNameTable() {
        ArrayNode table = JSON.arrayNode();
        schemaNames.forEach((gvk, name) -> table.addObject().put("group", gvk.group()).put("version", gvk.version())
                .put("kind", gvk.kind()).put("schema", name));
        return serialise(table);
    }

    /** Every component schema reachable from the built-in kinds, e.g. for a request-body validator. */
    public synchronized Map<String, ObjectNode> allSchemas() {
        Set<String> roots = new LinkedHashSet<>();
        models.values().forEach(c -> roots.add(generator.register(c)));
        return generator.closure(roots);
    }

    /**
     * Component schemas named in {@code roots} (meta/v1 types such as ObjectMeta, ListMeta, Status, WatchEvent,
     * DeleteOptions, Patch and autoscaling/v1 Scale) with everything they reference, as copies: for documents built
     * outside this class (custom resources).
     */
    public synchronized Map<String, ObjectNode> referencedSchemas(Collection<String> roots) {
        for (Class<?> c : List.of(io.fabric8.kubernetes.api.model.ObjectMeta.class,
                io.fabric8.kubernetes.api.model.ListMeta.class, io.fabric8.kubernetes.api.model.DeleteOptions.class,
                io.fabric8.kubernetes.api.model.Status.class, io.fabric8.kubernetes.api.model.WatchEvent.class,
                io.fabric8.kubernetes.api.model.APIResourceList.class,
                io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class)) {
            generator.register(c);
        }
        Map<String, ObjectNode> out = new java.util.TreeMap<>();
        generator.closure(roots).forEach((name, schema) -> out.put(name, schema.deepCopy()));
        return out;
    }

    private String url(String key) {
        return "/openapi/v3/" + key + "?hash=" + groupVersion(key).orElseThrow().hash();
    }

    private ObjectNode groupVersionDocument(String group, String version) {
        Set<String> roots = new LinkedHashSet<>();
        PathsBuilder paths = new PathsBuilder(group, version, this::schemaFor, roots);
        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", io.k3j.Version.current().kubernetes());
        doc.set("paths", paths.build(groupVersions.resources(group, version)));
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        generator.closure(roots).forEach(schemas::set);
        ObjectNode bearer = doc.withObjectProperty("components").putObject("securitySchemes").putObject("BearerToken");
        bearer.put("type", "apiKey").put("description", "Bearer Token authentication").put("name", "authorization")
                .put("in", "header");
        doc.putArray("security").addObject().putArray("BearerToken");
        return doc;
    }

    /** Registers the model of a kind with the generator; null for kinds without a schema (connect options). */
    private String schemaFor(GroupVersionKind gvk) {
        Class<?> model = models.get(gvk);
        return model == null ? null : generator.register(model);
    }

    private static CachedDocument serialise(JsonNode node) {
        try {
            return CachedDocument.of(MAPPER.writeValueAsBytes(node), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree always serialises", e);
        }
    }
}
