package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.Crd;
import io.k3j.api.crd.CrdResources;
import io.k3j.api.crd.CrdStatus;
import io.k3j.api.patch.BuiltinPatchSchema;
import io.k3j.api.patch.ListStrategy;
import io.k3j.api.patch.ServerSideApply;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-side apply merges custom resources by their CRD schema's list and map types. */
class CatalogPatchSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final GroupVersionKind GADGET = new GroupVersionKind("acme.io", "v1", "Gadget");

    private static ObjectNode yaml(String s) throws Exception {
        return (ObjectNode) YAML.readTree(s);
    }

    private static CatalogPatchSchema schema() throws Exception {
        ObjectNode crd = yaml("""
                metadata: {name: gadgets.acme.io}
                spec:
                  group: acme.io
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              ports:
                                type: array
                                x-kubernetes-list-type: map
                                x-kubernetes-list-map-keys: [name]
                                items:
                                  type: object
                                  properties:
                                    name: {type: string}
                                    port: {type: integer}
                              tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                              args: {type: array, items: {type: string}}
                              selector:
                                type: object
                                x-kubernetes-map-type: atomic
                                additionalProperties: {type: string}
                """);
        Crd named = Crd.parse(crd.deepCopy().set("status", CrdStatus.compute(Crd.parse(crd),
                new CrdStatus.UsedNames(Set.of(), Set.of()), Instant.now())));
        List<ResourceDescriptor> all = new ArrayList<>(BuiltinResources.all());
        all.addAll(CrdResources.of(named));
        return new CatalogPatchSchema(new BuiltinPatchSchema(), new ResourceCatalog(all));
    }

    @Test
    void listAndMapTypesComeFromTheCrd() throws Exception {
        CatalogPatchSchema s = schema();
        assertThat(s.lookup(GADGET, List.of("spec", "ports")).orElseThrow().mapKeys()).containsExactly("name");
        assertThat(s.lookup(GADGET, List.of("spec", "tags")).orElseThrow().listType()).isEqualTo(ListStrategy.ListType.SET);
        assertThat(s.lookup(GADGET, List.of("spec", "args"))).isEmpty();
        assertThat(s.isAtomicMap(GADGET, List.of("spec", "selector"))).isTrue();
        assertThat(s.lookup(GADGET, List.of("metadata", "finalizers")).orElseThrow().listType())
                .isEqualTo(ListStrategy.ListType.SET);
        assertThat(s.supportsStrategicMerge(GADGET)).isFalse();
    }

    @Test
    void twoAppliersShareAListMap() throws Exception {
        ServerSideApply ssa = new ServerSideApply(schema());
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        ObjectNode first = ssa.apply(null, yaml("""
                apiVersion: acme.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {ports: [{name: http, port: 80}], tags: [a]}
                """), "one", false, now, "").object();
        ObjectNode both = ssa.apply(first, yaml("""
                apiVersion: acme.io/v1
                kind: Gadget
                metadata: {name: g, namespace: default}
                spec: {ports: [{name: https, port: 443}], tags: [b]}
                """), "two", false, now, "").object();
        assertThat(both.at("/spec/ports").findValuesAsText("name")).containsExactlyInAnyOrder("http", "https");
        assertThat(both.at("/spec/tags").toString()).contains("\"a\"", "\"b\"");
    }
}
