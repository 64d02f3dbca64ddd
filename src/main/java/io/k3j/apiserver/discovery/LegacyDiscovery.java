package io.k3j.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The unaggregated discovery documents: APIVersions ({@code /api}), APIGroupList ({@code /apis}), APIGroup
 * ({@code /apis/<g>}) and APIResourceList ({@code /api/v1}, {@code /apis/<g>/<v>}). Field order follows
 * kube-apiserver's JSON so byte-level diffs against upstream stay readable.
 */
final class LegacyDiscovery {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LegacyDiscovery() {
    }

    static ObjectNode apiVersions(GroupVersions gvs, String serverAddress) {
        ObjectNode doc = JSON.objectNode().put("kind", "APIVersions");
        ArrayNode versions = doc.putArray("versions");
        gvs.versions("").forEach(versions::add);
        doc.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return doc;
    }

    static ObjectNode apiGroupList(GroupVersions gvs) {
        ObjectNode doc = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        for (String g : gvs.groups()) {
            if (!g.isEmpty()) {
                groups.add(groupBody(gvs, g, JSON.objectNode()));
            }
        }
        return doc;
    }

    static ObjectNode apiGroup(GroupVersions gvs, String group) {
        return groupBody(gvs, group, JSON.objectNode().put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    private static ObjectNode groupBody(GroupVersions gvs, String group, ObjectNode node) {
        node.put("name", group);
        ArrayNode versions = node.putArray("versions");
        for (String v : gvs.versions(group)) {
            versions.add(groupVersion(group, v));
        }
        node.set("preferredVersion", groupVersion(group, gvs.preferredVersion(group)));
        return node;
    }

    private static ObjectNode groupVersion(String group, String version) {
        return JSON.objectNode().put("groupVersion", GroupVersionResource.apiVersion(group, version))
                .put("version", version);
    }

    static ObjectNode apiResourceList(GroupVersions gvs, String group, String version) {
        ObjectNode doc = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", GroupVersionResource.apiVersion(group, version));
        ArrayNode resources = doc.putArray("resources");
        for (ResourceDescriptor r : gvs.resources(group, version)) {
            ObjectNode main = resources.addObject().put("name", r.resource()).put("singularName", r.singularName())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            strings(main, "verbs", r.verbs(), true);
            strings(main, "shortNames", r.shortNames(), false);
            strings(main, "categories", r.categories(), false);
            if (r.storage()) {
                // CRDs hash their storage version; built-ins the group's preferred one.
                String stored = r.isCustom() && !r.custom().storageVersion().isEmpty() ? r.custom().storageVersion()
                        : gvs.preferredVersion(r.group());
                main.put("storageVersionHash", storageVersionHash(r.group(), stored, r.kind()));
            }
            for (SubresourceDescriptor s : r.subresources()) {
                ObjectNode sub = resources.addObject().put("name", r.resource() + "/" + s.name())
                        .put("singularName", "").put("namespaced", r.namespaced());
                if (s.hasOwnGroupVersion()) {
                    sub.put("group", s.group()).put("version", s.version());
                }
                sub.put("kind", s.kind());
                strings(sub, "verbs", s.verbs(), true);
            }
        }
        return doc;
    }

    private static void strings(ObjectNode node, String field, List<String> values, boolean always) {
        if (always || !values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    /**
     * base64 of the first 8 bytes of SHA-256 over {@code <group>/<version>/<kind>} of the storage version; only
     * storage-migration tooling reads it, but upstream always sends it for stored resources.
     */
    static String storageVersionHash(String group, String version, String kind) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
