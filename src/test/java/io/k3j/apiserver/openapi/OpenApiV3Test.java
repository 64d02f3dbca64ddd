package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.apiserver.discovery.CachedDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiV3Test {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static OpenApiV3 openApi;
    private static final Map<String, JsonNode> DOCS = new HashMap<>();

    @BeforeAll
    static void generateAll() throws Exception {
        long start = System.nanoTime();
        openApi = OpenApiV3.build(BuiltinResources.all());
        long total = 0;
        List<String> sizes = new ArrayList<>();
        for (String key : openApi.keys()) {
            CachedDocument doc = openApi.groupVersion(key).orElseThrow();
            total += doc.bytes().length;
            sizes.add(key + "=" + doc.bytes().length / 1024 + "KiB");
        }
        openApi.index();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("OpenAPI v3: %d group versions generated in %d ms, %d KiB total: %s%n",
                openApi.keys().size(), millis, total / 1024, sizes);
        long warmStart = System.nanoTime();
        OpenApiV3 warm = OpenApiV3.build(BuiltinResources.all());
        warm.index();
        System.out.printf("OpenAPI v3: warm rebuild of all documents + index in %d ms%n",
                (System.nanoTime() - warmStart) / 1_000_000);
        for (String key : openApi.keys()) {
            DOCS.put(key, MAPPER.readTree(openApi.groupVersion(key).orElseThrow().bytes()));
        }
    }

    @Test
    void indexListsEveryGroupVersionWithItsHash() throws Exception {
        JsonNode index = MAPPER.readTree(openApi.index().bytes());
        assertThat(index.get("paths").size()).isEqualTo(openApi.keys().size());
        assertThat(openApi.keys()).contains("api/v1", "apis/apps/v1", "apis/autoscaling/v2", "apis/autoscaling/v1");
        for (String key : openApi.keys()) {
            String url = index.at("/paths/" + key.replace("/", "~1") + "/serverRelativeURL").asText();
            assertThat(url).isEqualTo("/openapi/v3/" + key + "?hash=" + openApi.groupVersion(key).orElseThrow().hash());
            assertThat(CachedDocument.sha512Hex(openApi.groupVersion(key).orElseThrow().bytes()))
                    .isEqualTo(openApi.groupVersion(key).orElseThrow().hash());
        }
    }

    @Test
    void resolveFollowsKubeOpenApiHashRules() {
        String hash = openApi.groupVersion("apis/apps/v1").orElseThrow().hash();
        assertThat(openApi.resolve("/openapi/v3", null).document()).isSameAs(openApi.index());
        OpenApiResponse fresh = openApi.resolve("/openapi/v3/apis/apps/v1", hash);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.immutable()).isTrue();
        OpenApiResponse stale = openApi.resolve("/openapi/v3/apis/apps/v1", "0BAD");
        assertThat(stale.status()).isEqualTo(301);
        assertThat(stale.location()).isEqualTo("/openapi/v3/apis/apps/v1?hash=" + hash);
        assertThat(openApi.resolve("/openapi/v3/apis/apps/v1", null).immutable()).isFalse();
        assertThat(openApi.resolve("/openapi/v3/apis/nope/v1", null).status()).isEqualTo(404);
        assertThat(openApi.resolve("/openapi/v2", null).status()).isEqualTo(404);
    }

    @Test
    void everyCatalogKindHasASchemaWithItsGvk() {
        for (ResourceDescriptor r : BuiltinResources.all()) {
            JsonNode doc = DOCS.get(key(r));
            String name = openApi.schemaNames().get(r.groupVersionKind());
            assertThat(name).as("schema name of %s", r.groupVersionKind()).isNotNull();
            JsonNode schema = doc.at("/components/schemas/" + name.replace("/", "~1"));
            assertThat(schema.isMissingNode()).as("schema %s in %s", name, key(r)).isFalse();
            assertThat(gvks(schema)).as(name).contains(r.groupVersionKind());
        }
    }

    @Test
    void everyPatchableKindHasAPatchOperationWithFieldValidation() {
        // kubectl --validate=strict (the default) asks exactly this before sending fieldValidation=Strict.
        for (ResourceDescriptor r : BuiltinResources.all()) {
            if (!r.supports("patch")) {
                continue;
            }
            boolean found = false;
            for (JsonNode path : DOCS.get(key(r)).get("paths")) {
                JsonNode patch = path.path("patch");
                JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
                if (gvk.path("kind").asText().equals(r.kind()) && gvk.path("group").asText().equals(r.group())
                        && gvk.path("version").asText().equals(r.version())) {
                    List<String> params = new ArrayList<>();
                    patch.path("parameters").forEach(p -> params.add(p.path("in").asText() + ":" + p.path("name").asText()));
                    assertThat(params).contains("query:fieldValidation", "query:dryRun", "query:fieldManager", "query:force");
                    assertThat(patch.at("/requestBody/content").fieldNames()).toIterable().containsExactlyInAnyOrder(
                            "application/apply-patch+yaml", "application/json-patch+json",
                            "application/merge-patch+json", "application/strategic-merge-patch+json");
                    found = true;
                }
            }
            assertThat(found).as("PATCH op for %s", r.groupVersionKind()).isTrue();
        }
    }

    @Test
    void noDanglingReferencesInAnyDocument() {
        for (Map.Entry<String, JsonNode> e : DOCS.entrySet()) {
            JsonNode schemas = e.getValue().at("/components/schemas");
            List<String> refs = new ArrayList<>();
            collectRefs(e.getValue(), refs);
            assertThat(refs).as(e.getKey()).isNotEmpty();
            for (String ref : refs) {
                assertThat(ref).startsWith("#/components/schemas/");
                assertThat(schemas.has(ref.substring("#/components/schemas/".length())))
                        .as("%s in %s", ref, e.getKey()).isTrue();
            }
        }
    }

    @Test
    void podContainersAsUpstream() {
        JsonNode schemas = DOCS.get("api/v1").at("/components/schemas");
        JsonNode podSpec = schemas.get("io.k8s.api.core.v1.PodSpec");
        assertThat(podSpec.get("required")).extracting(JsonNode::asText).containsExactly("containers");
        JsonNode containers = podSpec.at("/properties/containers");
        assertThat(containers.get("type").asText()).isEqualTo("array");
        assertThat(containers.at("/items/$ref").asText()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
        assertThat(containers.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
        assertThat(containers.get("x-kubernetes-list-type").asText()).isEqualTo("map");
        assertThat(containers.get("x-kubernetes-list-map-keys")).extracting(JsonNode::asText).containsExactly("name");
        JsonNode container = schemas.get("io.k8s.api.core.v1.Container");
        assertThat(container.get("required")).extracting(JsonNode::asText).containsExactly("name");
        assertThat(container.at("/properties/ports/x-kubernetes-patch-merge-key").asText()).isEqualTo("containerPort");
        assertThat(container.at("/properties/volumeMounts/x-kubernetes-patch-merge-key").asText()).isEqualTo("mountPath");
        assertThat(container.at("/properties/image/type").asText()).isEqualTo("string");
        JsonNode meta = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(meta.at("/properties/finalizers/x-kubernetes-list-type").asText()).isEqualTo("set");
        assertThat(meta.at("/properties/ownerReferences/x-kubernetes-patch-merge-key").asText()).isEqualTo("uid");
        assertThat(meta.at("/properties/labels/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(meta.at("/properties/creationTimestamp/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(meta.at("/properties/generation/format").asText()).isEqualTo("int64");
    }

    @Test
    void specialTypesRenderAsUpstream() {
        JsonNode schemas = DOCS.get("apis/apps/v1").at("/components/schemas");
        JsonNode intOrString = schemas.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(intOrString.get("format").asText()).isEqualTo("int-or-string");
        assertThat(intOrString.get("x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(intOrString.get("oneOf")).extracting(n -> n.get("type").asText()).containsExactly("integer", "string");
        JsonNode quantity = schemas.get("io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(quantity.get("oneOf")).extracting(n -> n.get("type").asText()).containsExactly("string", "number");
        JsonNode time = schemas.get("io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(time.get("type").asText()).isEqualTo("string");
        assertThat(time.get("format").asText()).isEqualTo("date-time");
        assertThat(schemas.at("/io.k8s.api.apps.v1.RollingUpdateDeployment/properties/maxSurge/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(schemas.at("/io.k8s.api.core.v1.ResourceRequirements/properties/limits/additionalProperties/$ref")
                .asText()).isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(schemas.at("/io.k8s.api.apps.v1.ControllerRevision/properties/data/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension");
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/x-kubernetes-patch-strategy")
                .asText()).isEqualTo("retainKeys");
        assertThat(schemas.at("/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/allOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(schemas.has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
    }

    @Test
    void jsonSchemaPropsRecursionTerminates() {
        JsonNode schemas = DOCS.get("apis/apiextensions.k8s.io/v1").at("/components/schemas");
        JsonNode props = schemas.get("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
        assertThat(props.at("/properties/properties/additionalProperties/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
        assertThat(props.at("/properties/x-kubernetes-int-or-string/type").asText()).isEqualTo("boolean");
        assertThat(props.at("/properties/default/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON");
    }

    @Test
    void operationsCarryGvkAndActions() {
        JsonNode paths = DOCS.get("api/v1").get("paths");
        JsonNode item = paths.get("/api/v1/namespaces/{namespace}/pods/{name}");
        assertThat(item.at("/get/x-kubernetes-action").asText()).isEqualTo("get");
        assertThat(item.at("/get/operationId").asText()).isEqualTo("readCoreV1NamespacedPod");
        assertThat(item.at("/patch/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Pod");
        assertThat(paths.at("/~1api~1v1~1namespaces~1{namespace}~1pods/get/operationId").asText())
                .isEqualTo("listCoreV1NamespacedPod");
        assertThat(paths.has("/api/v1/pods")).isTrue();
        assertThat(paths.has("/api/v1/watch/namespaces/{namespace}/pods/{name}")).isTrue();
        assertThat(paths.at("/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}~1eviction/post/x-kubernetes-group-version-kind/group")
                .asText()).isEqualTo("policy");
        assertThat(paths.at("/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}~1exec/post/x-kubernetes-action").asText())
                .isEqualTo("connect");
        assertThat(paths.has("/api/v1/namespaces/{namespace}/bindings")).isTrue();
        assertThat(paths.at("/~1api~1v1~1namespaces/delete").isMissingNode()).isTrue();
        JsonNode scale = DOCS.get("apis/apps/v1").get("paths").get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
        assertThat(scale.at("/put/x-kubernetes-group-version-kind/group").asText()).isEqualTo("autoscaling");
        assertThat(DOCS.get("apis/authorization.k8s.io/v1").get("paths")
                .has("/apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews")).isTrue();
    }

    @Test
    void schemaNameTableCoversEveryKind() throws Exception {
        JsonNode table = MAPPER.readTree(openApi.schemaNameTable().bytes());
        List<String> rows = new ArrayList<>();
        table.forEach(r -> rows.add(r.get("group").asText() + "/" + r.get("version").asText() + "/"
                + r.get("kind").asText() + "=" + r.get("schema").asText()));
        assertThat(rows).contains("/v1/Pod=io.k8s.api.core.v1.Pod", "/v1/PodList=io.k8s.api.core.v1.PodList",
                "apps/v1/Deployment=io.k8s.api.apps.v1.Deployment",
                "apiregistration.k8s.io/v1/APIService=io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService",
                "autoscaling/v1/Scale=io.k8s.api.autoscaling.v1.Scale");
        assertThat(openApi.allSchemas()).containsKey("io.k8s.api.core.v1.Pod");
    }

    @Test
    void resourcesWithoutAModelGetPathsButNoDanglingSchemas() throws Exception {
        List<ResourceDescriptor> withCrd = new ArrayList<>(BuiltinResources.all());
        withCrd.add(io.k3j.api.ResourceBuilder.resource("example.com", "v1", "widgets", "Widget", null)
                .status().scale().build());
        OpenApiV3 api = OpenApiV3.build(withCrd);
        assertThat(api.keys()).endsWith("apis/example.com/v1");
        JsonNode doc = MAPPER.readTree(api.groupVersion("apis/example.com/v1").orElseThrow().bytes());
        JsonNode patch = doc.at("/paths/~1apis~1example.com~1v1~1namespaces~1{namespace}~1widgets~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Widget");
        // no strategic merge patch for custom resources: kubectl falls back to JSON merge patch
        assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json")).isFalse();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        for (String ref : refs) {
            assertThat(doc.at("/components/schemas").has(ref.substring("#/components/schemas/".length()))).isTrue();
        }
        assertThat(doc.at("/components/schemas").has("io.k8s.api.autoscaling.v1.Scale")).isTrue();
    }

    static String key(ResourceDescriptor r) {
        return r.group().isEmpty() ? "api/" + r.version() : "apis/" + r.group() + "/" + r.version();
    }

    static List<GroupVersionKind> gvks(JsonNode schema) {
        List<GroupVersionKind> out = new ArrayList<>();
        schema.path("x-kubernetes-group-version-kind").forEach(g -> out.add(
                new GroupVersionKind(g.get("group").asText(), g.get("version").asText(), g.get("kind").asText())));
        return out;
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                // JSONSchemaProps has a *property* named "$ref"; only a string value is a reference.
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
