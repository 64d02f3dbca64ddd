package io.k3j.apiserver.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.ResourceDescriptor;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every discovery document for one resource snapshot, serialised once. Immutable: a changed resource set (a CRD
 * established or removed) means a new instance, see {@link DiscoveryCache}.
 */
public final class DiscoveryDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json";

    private final CachedDocument apiVersions;
    private final CachedDocument apiGroupList;
    private final CachedDocument aggregatedCore;
    private final CachedDocument aggregatedGroups;
    private final Map<String, CachedDocument> groups = new LinkedHashMap<>();
    /** Keyed by URL path: {@code /api/v1}, {@code /apis/apps/v1}. */
    private final Map<String, CachedDocument> resourceLists = new LinkedHashMap<>();

    private DiscoveryDocuments(GroupVersions gvs, String serverAddress) {
        apiVersions = doc(LegacyDiscovery.apiVersions(gvs, serverAddress), JSON);
        apiGroupList = doc(LegacyDiscovery.apiGroupList(gvs), JSON);
        aggregatedCore = doc(AggregatedDiscovery.forCore(gvs), AggregatedDiscovery.CONTENT_TYPE);
        aggregatedGroups = doc(AggregatedDiscovery.forGroups(gvs), AggregatedDiscovery.CONTENT_TYPE);
        for (String g : gvs.groups()) {
            if (!g.isEmpty()) {
                groups.put(g, doc(LegacyDiscovery.apiGroup(gvs, g), JSON));
            }
            for (String v : gvs.versions(g)) {
                resourceLists.put(GroupVersionResource.pathPrefix(g, v),
                        doc(LegacyDiscovery.apiResourceList(gvs, g, v), JSON));
            }
        }
    }

    /**
     * @param serverAddress {@code host:port} advertised in APIVersions.serverAddressByClientCIDRs
     */
    public static DiscoveryDocuments build(Collection<ResourceDescriptor> resources, String serverAddress) {
        return new DiscoveryDocuments(GroupVersions.of(resources), serverAddress);
    }

    public CachedDocument apiVersions() {
        return apiVersions;
    }

    public CachedDocument apiGroupList() {
        return apiGroupList;
    }

    public CachedDocument aggregatedCore() {
        return aggregatedCore;
    }

    public CachedDocument aggregatedGroups() {
        return aggregatedGroups;
    }

    public Optional<CachedDocument> apiGroup(String group) {
        return Optional.ofNullable(groups.get(group));
    }

    public Optional<CachedDocument> resourceList(String group, String version) {
        return Optional.ofNullable(resourceLists.get(GroupVersionResource.pathPrefix(group, version)));
    }

    /**
     * Resolves a discovery request: {@code /api}, {@code /apis} (negotiated by Accept), {@code /apis/<g>},
     * {@code /api/v1}, {@code /apis/<g>/<v>}. A trailing slash is ignored. Answers 404 for unknown paths and
     * 406 when /api or /apis cannot satisfy the Accept header.
     */
    public DiscoveryResponse resolve(String path, String accept) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/api") || p.equals("/apis")) {
            DiscoveryFormat format = DiscoveryFormat.negotiate(accept);
            return switch (format) {
                case NOT_ACCEPTABLE -> DiscoveryResponse.notAcceptable();
                case AGGREGATED -> DiscoveryResponse.ok(p.equals("/api") ? aggregatedCore : aggregatedGroups);
                case LEGACY -> DiscoveryResponse.ok(p.equals("/api") ? apiVersions : apiGroupList);
            };
        }
        CachedDocument list = resourceLists.get(p);
        if (list != null) {
            return DiscoveryResponse.ok(list);
        }
        if (p.startsWith("/apis/") && p.indexOf('/', 6) < 0) {
            CachedDocument group = groups.get(p.substring(6));
            if (group != null) {
                return DiscoveryResponse.ok(group);
            }
        }
        return DiscoveryResponse.notFound();
    }

    private static CachedDocument doc(JsonNode node, String contentType) {
        try {
            return CachedDocument.of(MAPPER.writeValueAsBytes(node), contentType);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode tree always serialises", e);
        }
    }
}
