package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.discovery.CachedDocument;
import io.k3j.apiserver.discovery.GroupVersions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v3 the server currently serves: the built-in documents (generated once, lazily, by
 * {@link OpenApiV3}) plus one document per group version of custom resources, with an index listing both.
 * CRD changes build a new one (off the event loop) that replaces this one; only its lazily built index is state.
 */
public final class ServedOpenApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OpenApiV3 builtin;
    private final Map<String, CachedDocument> custom;
    private CachedDocument index;

    private ServedOpenApi(OpenApiV3 builtin, Map<String, CachedDocument> custom) {
        this.builtin = builtin;
        this.custom = custom;
    }

    /** Built-in documents only: nothing is generated until a client asks. */
    public static ServedOpenApi of(OpenApiV3 builtin) {
        return new ServedOpenApi(builtin, Map.of());
    }

    /**
     * Built-in documents plus those of {@code customResources} (descriptors of served CRD versions), which are
     * generated here (milliseconds; call it off the event loop). The index, which needs every built-in document's
     * hash, is built on its first request.
     */
    public static ServedOpenApi of(OpenApiV3 builtin, Collection<ResourceDescriptor> customResources) {
        if (customResources.isEmpty()) {
            return of(builtin);
        }
        GroupVersions gvs = GroupVersions.of(customResources);
        Map<String, CachedDocument> docs = new LinkedHashMap<>();
        for (String g : gvs.groups()) {
            for (String v : gvs.versions(g)) {
                docs.put("apis/" + g + "/" + v, serialise(CustomResourceOpenApi.document(g, v, gvs.resources(g, v), builtin)));
            }
        }
        return new ServedOpenApi(builtin, Map.copyOf(docs));
    }

    /** {@code /openapi/v3}: the built-in entries, then the custom group versions. Generated once, on first use. */
    public synchronized CachedDocument index() {
        if (index == null) {
            try {
                ObjectNode idx = (ObjectNode) MAPPER.readTree(builtin.index().bytes());
                ObjectNode paths = idx.withObjectProperty("paths");
                custom.forEach((key, doc) -> paths.putObject(key)
                        .put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + doc.hash()));
                index = serialise(idx);
            } catch (IOException e) {
                throw new IllegalStateException("the built-in index is JSON this server wrote", e);
            }
        }
        return index;
    }

    /** Index keys of the custom group versions ({@code apis/<g>/<v>}). */
    public List<String> customKeys() {
        return new ArrayList<>(custom.keySet());
    }

    /** As {@link OpenApiV3#resolve}, over built-in and custom documents. */
    public OpenApiResponse resolve(String path, String hash) {
        if (custom.isEmpty()) {
            return builtin.resolve(path, hash);
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/openapi/v3")) {
            return OpenApiResponse.ok(index(), false);
        }
        String key = p.startsWith("/openapi/v3/") ? p.substring("/openapi/v3/".length()) : null;
        CachedDocument doc = key == null ? null : custom.get(key);
        if (doc == null) {
            return builtin.resolve(path, hash);
        }
        if (hash == null || hash.isEmpty()) {
            return OpenApiResponse.ok(doc, false);
        }
        return hash.equals(doc.hash()) ? OpenApiResponse.ok(doc, true)
                : OpenApiResponse.movedTo("/openapi/v3/" + key + "?hash=" + doc.hash());
    }

    private static CachedDocument serialise(ObjectNode node) {
        try {
            return CachedDocument.of(MAPPER.writeValueAsBytes(node), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree always serialises", e);
        }
    }
}
