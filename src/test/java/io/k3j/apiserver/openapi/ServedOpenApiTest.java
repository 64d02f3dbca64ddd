package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdResources;
import io.k3j.api.crd.CrdStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAPI v3 of CRD group versions next to the built-in documents, as kubectl validate and explain read it. */
class ServedOpenApiTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServedOpenApi served;
    private static JsonNode doc;

    @BeforeAll
    static void build() throws Exception {
        ObjectNode crd = (ObjectNode) YAML.readTree("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.acme.io}
                spec:
                  group: acme.io
                  scope: Cluster
                  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}, scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.size}}
                    schema:
                      openAPIV3Schema:
                        type: object
                        description: A widget.
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer, description: How many.}
                """);
        Crd named = Crd.parse(crd.deepCopy().set("status", CrdStatus.compute(Crd.parse(crd),
                new CrdStatus.UsedNames(Set.of(), Set.of()), Instant.now())));
        List<ResourceDescriptor> resources = CrdResources.of(named);
        served = ServedOpenApi.of(OpenApiV3.build(BuiltinResources.all()), resources);
        doc = JSON.readTree(served.resolve("/openapi/v3/apis/acme.io/v1", null).document().bytes());
    }

    @Test
    void indexListsBuiltinAndCustomGroupVersions() throws Exception {
        JsonNode index = JSON.readTree(served.resolve("/openapi/v3", null).document().bytes());
        assertThat(index.at("/paths/api~1v1/serverRelativeURL").asText()).startsWith("/openapi/v3/api/v1?hash=");
        String url = index.at("/paths/apis~1acme.io~1v1/serverRelativeURL").asText();
        assertThat(url).startsWith("/openapi/v3/apis/acme.io/v1?hash=");
        OpenApiResponse pinned = served.resolve("/openapi/v3/apis/acme.io/v1", url.substring(url.indexOf('=') + 1));
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.immutable()).isTrue();
        assertThat(served.resolve("/openapi/v3/apis/acme.io/v1", "stale").status()).isEqualTo(301);
        assertThat(served.resolve("/openapi/v3/apis/apps/v1", null).status()).isEqualTo(200);
        assertThat(served.resolve("/openapi/v3/apis/acme.io/v2", null).status()).isEqualTo(404);
    }

    @Test
    void patchOperationCarriesKindAndFieldValidationButNoStrategicMerge() {
        JsonNode patch = doc.at("/paths/~1apis~1acme.io~1v1~1widgets~1{name}/patch");
        assertThat(patch.at("/x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"acme.io\",\"kind\":\"Widget\",\"version\":\"v1\"}");
        assertThat(patch.at("/operationId").asText()).isEqualTo("patchAcmeIoV1Widget");
        assertThat(patch.path("parameters").findValuesAsText("name")).contains("fieldValidation");
        assertThat(patch.at("/requestBody/content").has("application/merge-patch+json")).isTrue();
        assertThat(patch.at("/requestBody/content").has("application/strategic-merge-patch+json")).isFalse();
        assertThat(doc.at("/paths/~1apis~1acme.io~1v1~1widgets~1{name}~1scale/put/requestBody/content/*~1*/schema/$ref")
                .asText()).isEqualTo("#/components/schemas/io.k8s.api.autoscaling.v1.Scale");
    }

    @Test
    void schemasComeFromTheCrdWithTypeMetaAndObjectMeta() {
        JsonNode widget = doc.at("/components/schemas/io.acme.v1.Widget");
        assertThat(widget.path("description").asText()).isEqualTo("A widget.");
        assertThat(widget.at("/properties/spec/properties/size/description").asText()).isEqualTo("How many.");
        assertThat(widget.at("/properties/metadata/allOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(widget.at("/properties/apiVersion/type").asText()).isEqualTo("string");
        assertThat(widget.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("Widget");
        JsonNode list = doc.at("/components/schemas/io.acme.v1.WidgetList");
        assertThat(list.at("/properties/items/items/$ref").asText()).isEqualTo("#/components/schemas/io.acme.v1.Widget");
        assertThat(list.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("WidgetList");
        for (String meta : List.of("ObjectMeta", "ListMeta", "ManagedFieldsEntry", "Status", "DeleteOptions", "WatchEvent")) {
            assertThat(doc.at("/components/schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1." + meta)).as(meta).isTrue();
        }
    }
}
