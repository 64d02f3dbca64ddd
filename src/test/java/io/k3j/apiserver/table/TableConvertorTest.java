package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.apiserver.table.TableOptions.IncludeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConvertorTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final GroupVersionKind CONFIG_MAP = new GroupVersionKind("", "v1", "ConfigMap");
    private static final TableConvertor CONVERTOR = TableConvertor.builtin();

    private static final JsonNode CM = JsonPathTest.parse("""
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "settings", "namespace": "default", "uid": "9c1d", "resourceVersion": "812",
                          "creationTimestamp": "2025-06-01T11:00:00Z", "labels": {"app": "shop"},
                          "managedFields": [{"manager": "kubectl", "operation": "Apply"}]},
             "data": {"a": "1"}}
            """);

    @Test
    void listTableHasUpstreamShapeWithPartialObjectMetadata() {
        ObjectNode table = CONVERTOR.toTable(List.of(CM), CONFIG_MAP, TableOptions.DEFAULT,
                new ListMeta("900", "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", 12L), NOW);

        assertThat(table.toString()).isEqualTo("""
                {"kind":"Table","apiVersion":"meta.k8s.io/v1",\
                "metadata":{"resourceVersion":"900","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ","remainingItemCount":12},\
                "columnDefinitions":[\
                {"name":"Name","type":"string","format":"name","description":"%s","priority":0},\
                {"name":"Data","type":"string","format":"","description":"Number of keys in data and binaryData.",\
                "priority":0},\
                {"name":"Age","type":"string","format":"","description":"%s","priority":0}],\
                "rows":[{"cells":["settings",1,"60m"],\
                "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":%s}}]}"""
                .formatted(Column.NAME_DOC, Column.CREATED_DOC, CM.path("metadata")));
    }

    @Test
    void includeObjectChoosesWhatRowsCarry() {
        JsonNode full = CONVERTOR.toTable(List.of(CM), CONFIG_MAP, new TableOptions(IncludeObject.OBJECT, false),
                ListMeta.EMPTY, NOW).path("rows").get(0);
        assertThat(full.path("object")).isEqualTo(CM);

        JsonNode none = CONVERTOR.toTable(List.of(CM), CONFIG_MAP, new TableOptions(IncludeObject.NONE, false),
                ListMeta.EMPTY, NOW).path("rows").get(0);
        assertThat(none.has("object")).isTrue();
        assertThat(none.path("object").isNull()).isTrue();
    }

    @Test
    void noHeadersLeavesColumnDefinitionsNull() {
        ObjectNode table = CONVERTOR.toTable(List.of(CM), CONFIG_MAP, new TableOptions(IncludeObject.METADATA, true),
                ListMeta.of("5"), NOW);
        assertThat(table.path("columnDefinitions").isNull()).isTrue();
        assertThat(table.path("rows")).hasSize(1);
    }

    @Test
    void emptyListHasEmptyRowsAndBareMetadata() {
        ObjectNode table = CONVERTOR.toTable(List.of(), CONFIG_MAP, TableOptions.DEFAULT, ListMeta.EMPTY, NOW);
        assertThat(table.path("metadata").toString()).isEqualTo("{}");
        assertThat(table.path("rows").toString()).isEqualTo("[]");
    }

    @Test
    void defaultConvertorLeavesRowsNullForAnEmptyList() {
        GroupVersionKind role = new GroupVersionKind("rbac.authorization.k8s.io", "v1", "Role");
        assertThat(CONVERTOR.toTable(List.of(), role, TableOptions.DEFAULT, ListMeta.of("3"), NOW).path("rows").isNull())
                .isTrue();
    }

    @Test
    void singleObjectTableTakesTheObjectsResourceVersion() {
        ObjectNode table = CONVERTOR.toTable(CM, CONFIG_MAP, TableOptions.DEFAULT, NOW);
        assertThat(table.path("metadata").toString()).isEqualTo("{\"resourceVersion\":\"812\"}");
        assertThat(table.path("rows")).hasSize(1);
    }

    @Test
    void unknownKindsGetNameAndCreatedAt() {
        GroupVersionKind widget = new GroupVersionKind("example.com", "v1", "Widget");
        JsonNode obj = JsonPathTest.parse("""
                {"metadata": {"name": "w", "creationTimestamp": "2025-06-01T11:00:00.250Z"}}""");
        ObjectNode table = CONVERTOR.toTable(obj, widget, TableOptions.DEFAULT, NOW);
        assertThat(table.path("columnDefinitions").get(1).path("type").asText()).isEqualTo("date");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"w\",\"2025-06-01T11:00:00Z\"]");
    }

    @Test
    void callerCanPutCrdPrintersInFront() {
        GroupVersionKind widget = new GroupVersionKind("example.com", "v1", "Widget");
        CrdPrinter crd = CrdPrinter.fromColumns(JsonPathTest.parse("""
                [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}]"""));
        TableConvertor convertor = new TableConvertor(g -> g.equals(widget) ? crd : Printers.forKind(g));
        JsonNode obj = JsonPathTest.parse("{\"metadata\": {\"name\": \"w\"}, \"spec\": {\"size\": 7}}");
        assertThat(convertor.toTable(obj, widget, TableOptions.DEFAULT, NOW).path("rows").get(0).path("cells")
                .toString()).isEqualTo("[\"w\",7]");
    }

    @Test
    void v1beta1RelabelsTableAndPartialMetadata() {
        ObjectNode table = TableConvertor.asV1beta1(CONVERTOR.toTable(CM, CONFIG_MAP, TableOptions.DEFAULT, NOW));
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1beta1");
        assertThat(table.path("rows").get(0).path("object").path("apiVersion").asText())
                .isEqualTo("meta.k8s.io/v1beta1");
    }

    @Test
    void includeObjectParameterParsesLikeUpstream() {
        assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
        assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
        assertThatThrownBy(() -> IncludeObject.parse("object"))
                .hasMessageContaining("must be 'Metadata', 'Object', 'None', or empty");
    }

    @Test
    void finishedPodRowsCarryCompletedCondition() {
        JsonNode pod = JsonPathTest.parse("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Succeeded"}}""");
        JsonNode row = CONVERTOR.toTable(pod, new GroupVersionKind("", "v1", "Pod"), TableOptions.DEFAULT, NOW)
                .path("rows").get(0);
        assertThat(row.path("conditions").toString()).isEqualTo("""
                [{"type":"Completed","status":"True","reason":"Succeeded",\
                "message":"The pod has completed successfully."}]""");
    }
}
