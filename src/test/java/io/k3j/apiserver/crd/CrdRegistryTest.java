package io.k3j.apiserver.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.crd.Crd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry publishes one snapshot per change, serving only CRDs whose names are accepted. */
class CrdRegistryTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Crd crd(String plural, String rv, boolean accepted) throws Exception {
        ObjectNode json = (ObjectNode) YAML.readTree("""
                metadata: {name: PLURAL.acme.io, resourceVersion: "RV"}
                spec:
                  group: acme.io
                  scope: Namespaced
                  names: {plural: PLURAL, singular: one, kind: KIND, listKind: KINDList}
                  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                status:
                  acceptedNames: {plural: PLURAL, singular: one, kind: KIND, listKind: KINDList}
                  conditions: [{type: NamesAccepted, status: "STATUS"}]
                """.replace("PLURAL", plural).replace("KIND", "K" + plural).replace("RV", rv)
                .replace("STATUS", accepted ? "True" : "False"));
        return Crd.parse(json);
    }

    @Test
    void snapshotsFollowChanges() throws Exception {
        CrdRegistry registry = new CrdRegistry();
        List<CrdRegistry.Snapshot> seen = new ArrayList<>();
        registry.listen(seen::add);
        registry.replaceAll(List.of(crd("widgets", "1", true), crd("gadgets", "2", false)));
        assertThat(seen.getLast().crds()).containsOnlyKeys("widgets.acme.io", "gadgets.acme.io");
        assertThat(seen.getLast().served()).extracting(ResourceDescriptor::resource).containsExactly("widgets");

        registry.put(crd("gadgets", "3", true));
        assertThat(seen.getLast().served()).extracting(ResourceDescriptor::resource).containsExactlyInAnyOrder("widgets", "gadgets");
        ResourceDescriptor widgets = seen.getLast().served().stream().filter(d -> d.resource().equals("widgets")).findFirst().orElseThrow();

        registry.put(crd("gadgets", "4", true));
        // Unchanged CRDs keep their descriptors (not re-parsed).
        assertThat(seen.getLast().served()).anyMatch(d -> d == widgets);

        registry.remove("widgets.acme.io");
        assertThat(seen.getLast().served()).extracting(ResourceDescriptor::resource).containsExactly("gadgets");
        assertThat(seen).hasSize(4);
        assertThat(registry.current()).isSameAs(seen.getLast());
    }
}
