package io.k3j.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.GroupVersionResource;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * client-go's discovery client, as the controllers need it: every resource the server serves right now (built-in
 * and custom), read from {@code /api/v1}, {@code /apis} and each {@code /apis/<group>/<version>}. A group version
 * that fails to answer is reported, not fatal, so callers can work with the rest (as upstream's
 * {@code ErrGroupDiscoveryFailed}).
 */
public final class ApiDiscovery {

    /** One resource of one group version (subresources are left out). */
    public record ApiResource(GroupVersionResource gvr, String kind, boolean namespaced, Set<String> verbs,
                              boolean preferred) {

        public boolean supports(String... wanted) {
            for (String v : wanted) {
                if (!verbs.contains(v)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What was found, and the group versions that failed ("apps/v1" → error message). */
    public record Result(List<ApiResource> resources, Map<String, String> failures) {

        public Result {
            resources = List.copyOf(resources);
            failures = Map.copyOf(failures);
        }

        /** One version per group: the server's preferred one (what upstream's ServerPreferredResources returns). */
        public List<ApiResource> preferred() {
            return resources.stream().filter(ApiResource::preferred).toList();
        }

        /** The resource serving {@code kind} in {@code apiVersion} ("v1", "apps/v1"). */
        public Optional<ApiResource> byKind(String apiVersion, String kind) {
            for (ApiResource r : resources) {
                if (r.kind().equals(kind) && r.gvr().apiVersion().equals(apiVersion)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }

        /** Upstream's text of a partial failure: "unable to retrieve the complete list of server APIs: g/v: err". */
        public String failureMessage() {
            StringBuilder sb = new StringBuilder("unable to retrieve the complete list of server APIs");
            String sep = ": ";
            for (var e : new java.util.TreeMap<>(failures).entrySet()) {
                sb.append(sep).append(e.getKey()).append(": ").append(e.getValue());
                sep = ", ";
            }
            return sb.toString();
        }
    }

    private ApiDiscovery() {
    }

    public static Future<Result> discover(KubeClient client) {
        Future<List<GroupVersionAsked>> core = Future.succeededFuture(List.of(new GroupVersionAsked("", "v1", true)));
        Future<List<GroupVersionAsked>> groups = client.getPath("/apis").map(ApiDiscovery::groupVersions);
        return Future.all(core, groups).compose(both -> {
            List<GroupVersionAsked> all = new ArrayList<>(core.result());
            all.addAll(groups.result());
            List<Future<List<ApiResource>>> lists = new ArrayList<>();
            Map<String, String> failures = new LinkedHashMap<>();
            for (GroupVersionAsked gv : all) {
                String apiVersion = GroupVersionResource.apiVersion(gv.group(), gv.version());
                lists.add(client.getPath(GroupVersionResource.pathPrefix(gv.group(), gv.version()))
                        .map(doc -> resources(gv, doc))
                        .recover(e -> {
                            synchronized (failures) {
                                failures.put(apiVersion, String.valueOf(e.getMessage()));
                            }
                            return Future.succeededFuture(List.of());
                        }));
            }
            return Future.join(lists).map(done -> {
                List<ApiResource> out = new ArrayList<>();
                lists.forEach(f -> out.addAll(f.result()));
                synchronized (failures) {
                    return new Result(out, failures);
                }
            });
        });
    }

    private record GroupVersionAsked(String group, String version, boolean preferred) {
    }

    private static List<GroupVersionAsked> groupVersions(JsonNode groupList) {
        List<GroupVersionAsked> out = new ArrayList<>();
        for (JsonNode g : groupList.path("groups")) {
            String name = g.path("name").asText();
            String preferred = g.path("preferredVersion").path("version").asText("");
            boolean first = true;
            for (JsonNode v : g.path("versions")) {
                String version = v.path("version").asText();
                // Without a preferred version the server lists its preference first.
                out.add(new GroupVersionAsked(name, version, preferred.isEmpty() ? first : version.equals(preferred)));
                first = false;
            }
        }
        return out;
    }

    private static List<ApiResource> resources(GroupVersionAsked gv, JsonNode doc) {
        List<ApiResource> out = new ArrayList<>();
        for (JsonNode r : doc.path("resources")) {
            String name = r.path("name").asText();
            if (name.isEmpty() || name.contains("/")) {
                continue; // subresources (pods/status) are served with their parent
            }
            Set<String> verbs = new TreeSet<>();
            r.path("verbs").forEach(v -> verbs.add(v.asText()));
            out.add(new ApiResource(new GroupVersionResource(gv.group(), gv.version(), name), r.path("kind").asText(),
                    r.path("namespaced").asBoolean(), Set.copyOf(verbs), gv.preferred()));
        }
        return out;
    }
}
