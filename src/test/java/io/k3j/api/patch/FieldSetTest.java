package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {

    /** managedFields of a Deployment created with `kubectl create deployment` and then applied (kubectl 1.33). */
    static final String DEPLOYMENT_MANAGED_FIELDS = """
            [{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2026-11-28T10:00:00Z",
              "fieldsType":"FieldsV1","fieldsV1":{
                "f:metadata":{"f:labels":{"f:app":{}}},
                "f:spec":{"f:replicas":{},"f:selector":{},
                  "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                    "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},
                      "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}},
                                 "k:{\\"containerPort\\":443,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}},
             {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","time":"2026-11-28T10:00:05Z",
              "fieldsType":"FieldsV1","fieldsV1":{
                "f:metadata":{"f:annotations":{".":{},"f:deployment.kubernetes.io/revision":{}}},
                "f:status":{"f:availableReplicas":{},"f:conditions":{".":{},
                  "k:{\\"type\\":\\"Available\\"}":{".":{},"f:lastTransitionTime":{},"f:lastUpdateTime":{},"f:message":{},
                    "f:reason":{},"f:status":{},"f:type":{}},
                  "k:{\\"type\\":\\"Progressing\\"}":{".":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},
                  "f:observedGeneration":{},"f:readyReplicas":{},"f:replicas":{},"f:updatedReplicas":{}}},
              "subresource":"status"}]""";

    @Test
    void realDeploymentManagedFieldsRoundTrip() {
        JsonNode list = j(DEPLOYMENT_MANAGED_FIELDS);
        for (JsonNode entry : list) {
            FieldSet set = FieldSet.fromFieldsV1(entry.get("fieldsV1"));
            assertThat(set.toFieldsV1().toString()).isEqualTo(entry.get("fieldsV1").toString());
            assertThat(ManagedFieldsEntry.fromJson(entry).toJson()).isEqualTo(entry);
        }
    }

    @Test
    void membersAndPathsPrintAsUpstream() {
        FieldSet set = FieldSet.fromFieldsV1(j(DEPLOYMENT_MANAGED_FIELDS).get(0).get("fieldsV1"));
        List<String> paths = set.members().stream().map(FieldPath::toString).toList();
        assertThat(paths).contains(
                ".spec.replicas",
                ".spec.selector",
                ".spec.template.spec.containers[name=\"nginx\"]",
                ".spec.template.spec.containers[name=\"nginx\"].ports[containerPort=80,protocol=\"TCP\"].containerPort")
                .doesNotContain(".spec", ".spec.template");
    }

    @Test
    void keysAndValuesSortAsUpstream() {
        FieldSet s = FieldSet.of(List.of(
                FieldPath.of("a").child(new PathElement.Value(j("\"x\""))),
                FieldPath.of("a").child(new PathElement.Value(j("10"))),
                FieldPath.of("a").child(new PathElement.Value(j("9"))),
                FieldPath.of("a", "z")));
        // fields first, then values: numbers before strings, numbers numerically
        assertThat(s.toFieldsV1().toString()).isEqualTo("{\"f:a\":{\"f:z\":{},\"v:9\":{},\"v:10\":{},\"v:\\\"x\\\"\":{}}}");
    }

    @Test
    void setAlgebra() {
        FieldSet a = FieldSet.of(List.of(FieldPath.of("spec", "replicas"), FieldPath.of("spec", "paused")));
        FieldSet b = FieldSet.of(List.of(FieldPath.of("spec", "replicas")));
        assertThat(a.difference(b).members()).containsExactly(FieldPath.of("spec", "paused"));
        assertThat(a.intersection(b)).isEqualTo(b);
        assertThat(b.union(FieldSet.of(List.of(FieldPath.of("x")))).members()).hasSize(2);
        assertThat(a.hasMemberAtOrBelow(FieldPath.of("spec"))).isTrue();
        assertThat(a.contains(FieldPath.of("spec"))).isFalse();
        assertThat(a.difference(a).isEmpty()).isTrue();
    }
}
