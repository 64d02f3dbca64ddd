package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static io.k3j.api.patch.Json.o;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Objects built in code hold numbers as LongNode; parsed ones as IntNode. The engines must not care. */
class JsonValuesTest {

    @Test
    void numbersCompareByValue() {
        assertThat(JsonValues.same(j("80"), com.fasterxml.jackson.databind.node.LongNode.valueOf(80))).isTrue();
        assertThat(JsonValues.same(j("{'a':[1,2]}"), o("{'a':[1,3]}"))).isFalse();
        assertThat(JsonValues.same(j("'80'"), j("80"))).isFalse();
    }

    @Test
    void jsonPatchTestOpIgnoresRepresentation() {
        ObjectNode doc = o("{}");
        doc.put("n", 5L);
        assertThat(JsonPatch.apply(doc, j("[{'op':'test','path':'/n','value':5}]"))).isEqualTo(doc);
    }

    @Test
    void strategicMergeKeysIgnoreRepresentation() {
        ObjectNode pod = o("{'spec':{'containers':[{'name':'c','ports':[{'name':'x'}]}]}}");
        ((ObjectNode) pod.at("/spec/containers/0/ports/0")).put("containerPort", 80L);
        ObjectNode out = new StrategicMergePatch(new BuiltinPatchSchema()).apply(pod,
                j("{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80,'name':'http'}]}]}}"),
                new GroupVersionKind("", "v1", "Pod"));
        assertThat(out.at("/spec/containers/0/ports").size()).isEqualTo(1);
        assertThat(out.at("/spec/containers/0/ports/0/name").asText()).isEqualTo("http");
    }

    @Test
    void applyOwnershipIgnoresRepresentation() {
        ServerSideApply ssa = new ServerSideApply(new BuiltinPatchSchema());
        String pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i',"
                + "'ports':[{'containerPort':80}]}]}}";
        ObjectNode live = ssa.apply(null, j(pod), "alice", false, Instant.EPOCH).object();
        // the registry rewrites the port in code, as a long
        ((ObjectNode) live.at("/spec/containers/0/ports/0")).put("containerPort", 80L).put("protocol", "TCP");
        ServerSideApply.Result again = ssa.apply(live, j(pod), "alice", false, Instant.EPOCH);
        assertThat(again.object().at("/spec/containers/0/ports")).hasSize(1);
        assertThat(again.changed()).isFalse();
    }
}
