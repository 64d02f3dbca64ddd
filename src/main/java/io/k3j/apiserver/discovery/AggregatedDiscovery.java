package io.k3j.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import java.util.List;

/**
 * {@code apidiscovery.k8s.io/v2} APIGroupDiscoveryList: one for {@code /api} (the core group, unnamed) and one
 * for {@code /apis}. client-go drops a resource whose responseKind is empty, so every entry carries a kind.
 */
final class AggregatedDiscovery {

    static final String CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AggregatedDiscovery() {
    }

    static ObjectNode forCore(GroupVersions gvs) {
        ObjectNode doc = list();
        if (gvs.groups().contains("")) {
            doc.withArray("items").add(group(gvs, ""));
        }
        return doc;
    }

    static ObjectNode forGroups(GroupVersions gvs) {
        ObjectNode doc = list();
        ArrayNode items = doc.withArray("items");
        for (String g : gvs.groups()) {
            if (!g.isEmpty()) {
                items.add(group(gvs, g));
            }
        }
        return doc;
    }

    private static ObjectNode list() {
        ObjectNode doc = JSON.objectNode().put("kind", "APIGroupDiscoveryList")
                .put("apiVersion", "apidiscovery.k8s.io/v2");
        doc.putObject("metadata");
        doc.putArray("items");
        return doc;
    }

    private static ObjectNode group(GroupVersions gvs, String group) {
        ObjectNode item = JSON.objectNode();
        ObjectNode meta = item.putObject("metadata");
        if (!group.isEmpty()) {
            meta.put("name", group);
        }
        // Go's ObjectMeta serialises a zero creationTimestamp as null; kept for byte-compatibility.
        meta.putNull("creationTimestamp");
        ArrayNode versions = item.putArray("versions");
        for (String v : gvs.versions(group)) {
            ObjectNode version = versions.addObject().put("version", v);
            ArrayNode resources = version.putArray("resources");
            gvs.resources(group, v).forEach(r -> resources.add(resource(r)));
            version.put("freshness", "Current");
        }
        return item;
    }

    private static ObjectNode resource(ResourceDescriptor r) {
        ObjectNode node = JSON.objectNode().put("resource", r.resource());
        node.set("responseKind", kind("", "", r.kind()));
        node.put("scope", r.namespaced() ? "Namespaced" : "Cluster").put("singularResource", r.singularName());
        strings(node, "verbs", r.verbs(), true);
        strings(node, "shortNames", r.shortNames(), false);
        strings(node, "categories", r.categories(), false);
        if (!r.subresources().isEmpty()) {
            ArrayNode subs = node.putArray("subresources");
            for (SubresourceDescriptor s : r.subresources()) {
                ObjectNode sub = subs.addObject().put("subresource", s.name());
                sub.set("responseKind", s.hasOwnGroupVersion()
                        ? kind(s.group(), s.version(), s.kind()) : kind("", "", s.kind()));
                strings(sub, "verbs", s.verbs(), true);
            }
        }
        return node;
    }

    private static ObjectNode kind(String group, String version, String kind) {
        return JSON.objectNode().put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ObjectNode node, String field, List<String> values, boolean always) {
        if (always || !values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}
