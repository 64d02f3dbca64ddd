package io.k3j.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceBuilder;
import io.k3j.api.ResourceDescriptor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryDocumentsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private final DiscoveryDocuments docs = DiscoveryDocuments.build(BuiltinResources.all(), "10.0.0.1:6443");

    @Test
    void apiVersionsShape() throws Exception {
        assertThat(json(docs.apiVersions())).isEqualTo(MAPPER.readTree("""
                {"kind":"APIVersions","versions":["v1"],
                 "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"10.0.0.1:6443"}]}"""));
    }

    @Test
    void coreResourceListEntriesAsUpstream() throws Exception {
        JsonNode list = json(docs.resourceList("", "v1").orElseThrow());
        assertThat(list.get("kind").asText()).isEqualTo("APIResourceList");
        assertThat(list.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(list.get("groupVersion").asText()).isEqualTo("v1");
        assertThat(entry(list, "pods")).isEqualTo(MAPPER.readTree("""
                {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod",
                 "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                 "shortNames":["po"],"categories":["all"],"storageVersionHash":"xPOwRZ+Yhw8="}"""));
        assertThat(entry(list, "pods/eviction")).isEqualTo(MAPPER.readTree("""
                {"name":"pods/eviction","singularName":"","namespaced":true,"group":"policy","version":"v1",
                 "kind":"Eviction","verbs":["create"]}"""));
        assertThat(entry(list, "pods/status")).isEqualTo(MAPPER.readTree("""
                {"name":"pods/status","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","patch","update"]}"""));
        assertThat(entry(list, "configmaps").get("storageVersionHash").asText()).isEqualTo("qFsyl6wFWjQ=");
        assertThat(entry(list, "bindings").has("storageVersionHash")).isFalse();
        List<String> names = new ArrayList<>();
        list.get("resources").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).isSorted().contains("namespaces/finalize", "serviceaccounts/token", "nodes/proxy");
    }

    @Test
    void scaleSubresourceNamesAutoscalingScale() throws Exception {
        JsonNode scale = entry(json(docs.resourceList("apps", "v1").orElseThrow()), "deployments/scale");
        assertThat(scale.get("group").asText()).isEqualTo("autoscaling");
        assertThat(scale.get("version").asText()).isEqualTo("v1");
        assertThat(scale.get("kind").asText()).isEqualTo("Scale");
    }

    @Test
    void groupListOrderAndPreferredVersions() throws Exception {
        JsonNode groups = json(docs.apiGroupList());
        assertThat(groups.get("kind").asText()).isEqualTo("APIGroupList");
        assertThat(groups.get("groups").get(0).get("name").asText()).isEqualTo("apiregistration.k8s.io");
        assertThat(groups.get("groups").get(1).get("name").asText()).isEqualTo("apps");
        JsonNode autoscaling = json(docs.apiGroup("autoscaling").orElseThrow());
        assertThat(autoscaling).isEqualTo(MAPPER.readTree("""
                {"kind":"APIGroup","apiVersion":"v1","name":"autoscaling",
                 "versions":[{"groupVersion":"autoscaling/v2","version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}],
                 "preferredVersion":{"groupVersion":"autoscaling/v2","version":"v2"}}"""));
        assertThat(docs.apiGroup("")).isEmpty();
    }

    @Test
    void aggregatedShape() throws Exception {
        JsonNode apis = json(docs.aggregatedGroups());
        assertThat(apis.get("kind").asText()).isEqualTo("APIGroupDiscoveryList");
        assertThat(apis.get("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
        JsonNode apps = item(apis, "apps");
        JsonNode v1 = apps.get("versions").get(0);
        assertThat(v1.get("version").asText()).isEqualTo("v1");
        assertThat(v1.get("freshness").asText()).isEqualTo("Current");
        JsonNode deployments = resource(v1, "deployments");
        assertThat(deployments).isEqualTo(MAPPER.readTree("""
                {"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},
                 "scope":"Namespaced","singularResource":"deployment",
                 "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
                 "shortNames":["deploy"],"categories":["all"],
                 "subresources":[
                   {"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},"verbs":["get","patch","update"]},
                   {"subresource":"status","responseKind":{"group":"","version":"","kind":"Deployment"},"verbs":["get","patch","update"]}]}"""));
        assertThat(item(apis, "autoscaling").get("versions").get(0).get("version").asText()).isEqualTo("v2");

        JsonNode core = json(docs.aggregatedCore());
        assertThat(core.get("items")).hasSize(1);
        assertThat(core.get("items").get(0).get("metadata").has("name")).isFalse();
        JsonNode pods = resource(core.get("items").get(0).get("versions").get(0), "pods");
        assertThat(pods.get("scope").asText()).isEqualTo("Namespaced");
        assertThat(resource(core.get("items").get(0).get("versions").get(0), "nodes").get("scope").asText())
                .isEqualTo("Cluster");
    }

    @Test
    void everyAggregatedResourceHasAResponseKind() throws Exception {
        for (CachedDocument d : List.of(docs.aggregatedCore(), docs.aggregatedGroups())) {
            for (JsonNode item : json(d).get("items")) {
                for (JsonNode version : item.get("versions")) {
                    for (JsonNode r : version.get("resources")) {
                        assertThat(r.at("/responseKind/kind").asText()).as(r.get("resource").asText()).isNotEmpty();
                        for (JsonNode s : r.path("subresources")) {
                            assertThat(s.at("/responseKind/kind").asText()).isNotEmpty();
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyCatalogResourceIsDiscoverable() throws Exception {
        for (ResourceDescriptor r : BuiltinResources.all()) {
            JsonNode list = json(docs.resourceList(r.group(), r.version()).orElseThrow());
            JsonNode e = entry(list, r.resource());
            assertThat(e.get("namespaced").asBoolean()).isEqualTo(r.namespaced());
            assertThat(e.get("kind").asText()).isEqualTo(r.kind());
        }
    }

    @Test
    void resolveNegotiatesApiAndApis() {
        DiscoveryResponse aggregated = docs.resolve("/apis", KUBECTL_ACCEPT);
        assertThat(aggregated.status()).isEqualTo(200);
        assertThat(aggregated.document().contentType())
                .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        assertThat(aggregated.document()).isSameAs(docs.aggregatedGroups());
        assertThat(docs.resolve("/api", KUBECTL_ACCEPT).document()).isSameAs(docs.aggregatedCore());
        assertThat(docs.resolve("/api/", "application/json").document()).isSameAs(docs.apiVersions());
        assertThat(docs.resolve("/apis", null).document()).isSameAs(docs.apiGroupList());
        assertThat(docs.resolve("/apis", "application/yaml").status()).isEqualTo(406);
        assertThat(docs.resolve("/apis/apps", null).document().text()).contains("\"kind\":\"APIGroup\"");
        assertThat(docs.resolve("/apis/apps/v1", null).document().text()).contains("\"groupVersion\":\"apps/v1\"");
        assertThat(docs.resolve("/apis/nope/v1", null).status()).isEqualTo(404);
        assertThat(docs.resolve("/apis/nope", null).status()).isEqualTo(404);
    }

    @Test
    void etagsAreContentHashes() {
        CachedDocument d = docs.apiGroupList();
        assertThat(d.hash()).matches("[0-9A-F]{128}");
        assertThat(d.etag()).isEqualTo("\"" + d.hash() + "\"");
        assertThat(d.matches(d.etag())).isTrue();
        assertThat(d.matches("\"other\"")).isFalse();
        assertThat(DiscoveryDocuments.build(BuiltinResources.all(), "10.0.0.1:6443").apiGroupList().hash())
                .isEqualTo(d.hash());
    }

    @Test
    void buildIsCheap() {
        DiscoveryDocuments.build(BuiltinResources.all(), "10.0.0.1:6443"); // warm up class loading
        long start = System.nanoTime();
        DiscoveryDocuments d = DiscoveryDocuments.build(BuiltinResources.all(), "10.0.0.1:6443");
        long micros = (System.nanoTime() - start) / 1000;
        System.out.printf("discovery: all documents built in %d us; /api %d B, /apis %d B, aggregated /api %d B, "
                + "aggregated /apis %d B, /api/v1 %d B%n", micros, d.apiVersions().bytes().length,
                d.apiGroupList().bytes().length, d.aggregatedCore().bytes().length,
                d.aggregatedGroups().bytes().length, d.resourceList("", "v1").orElseThrow().bytes().length);
        assertThat(micros).isLessThan(2_000_000);
    }

    @Test
    void cacheRebuildsOnlyWhenResourcesChange() throws Exception {
        DiscoveryCache cache = new DiscoveryCache(BuiltinResources.all(), "127.0.0.1:6443");
        DiscoveryDocuments first = cache.current();
        assertThat(cache.update(new ArrayList<>(BuiltinResources.all()))).isFalse();
        assertThat(cache.current()).isSameAs(first);

        List<ResourceDescriptor> withCrd = new ArrayList<>(BuiltinResources.all());
        withCrd.add(ResourceBuilder.resource("example.com", "v1", "widgets", "Widget", null)
                .shortNames("wd").categories("all").status().build());
        assertThat(cache.update(withCrd)).isTrue();
        DiscoveryDocuments second = cache.current();
        assertThat(second).isNotSameAs(first);
        JsonNode groups = json(second.apiGroupList()).get("groups");
        assertThat(groups.get(groups.size() - 1).get("name").asText()).isEqualTo("example.com");
        assertThat(entry(json(second.resourceList("example.com", "v1").orElseThrow()), "widgets")
                .get("shortNames").get(0).asText()).isEqualTo("wd");
        assertThat(second.aggregatedGroups().hash()).isNotEqualTo(first.aggregatedGroups().hash());
        assertThat(second.aggregatedCore().hash()).isEqualTo(first.aggregatedCore().hash());
    }

    static JsonNode json(CachedDocument d) throws Exception {
        return MAPPER.readTree(d.bytes());
    }

    static JsonNode entry(JsonNode list, String name) {
        for (JsonNode r : list.get("resources")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + name);
    }

    static JsonNode item(JsonNode aggregated, String group) {
        for (JsonNode i : aggregated.get("items")) {
            if (i.at("/metadata/name").asText().equals(group)) {
                return i;
            }
        }
        throw new AssertionError("no group " + group);
    }

    static JsonNode resource(JsonNode version, String name) {
        for (JsonNode r : version.get("resources")) {
            if (r.get("resource").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no resource " + name);
    }
}
