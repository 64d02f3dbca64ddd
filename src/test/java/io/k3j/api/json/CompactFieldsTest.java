package io.k3j.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactFieldsTest {

    /** Random puts, removes, replacements and iterator removals behave exactly as a LinkedHashMap's, small or large. */
    @Test
    void behavesAsAnInsertionOrderedMap() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            CompactFields compact = new CompactFields();
            Map<String, JsonNode> reference = new LinkedHashMap<>();
            int keySpace = 1 + random.nextInt(round % 3 == 0 ? 40 : 10);
            for (int op = 0; op < 200; op++) {
                String key = new String("k" + random.nextInt(keySpace)); // not interned: equals, not identity
                int choice = random.nextInt(10);
                if (choice < 6) {
                    IntNode v = IntNode.valueOf(random.nextInt(100));
                    assertThat(compact.put(key, v)).isEqualTo(reference.put(key, v));
                } else if (choice < 8) {
                    assertThat(compact.remove(key)).isEqualTo(reference.remove(key));
                } else if (choice < 9) {
                    int drop = random.nextInt(3);
                    removeEvery(compact.entrySet().iterator(), drop);
                    removeEvery(reference.entrySet().iterator(), drop);
                } else {
                    for (Map.Entry<String, JsonNode> e : compact.entrySet()) {
                        if (e.getKey().hashCode() % 2 == 0) {
                            e.setValue(IntNode.valueOf(7));
                        }
                    }
                    reference.replaceAll((k, v) -> k.hashCode() % 2 == 0 ? IntNode.valueOf(7) : v);
                }
                assertThat(compact.size()).isEqualTo(reference.size());
                assertThat(new ArrayList<>(compact.keySet())).containsExactlyElementsOf(reference.keySet());
                assertThat(compact.get(key)).isEqualTo(reference.get(key));
                assertThat(compact.containsKey(key)).isEqualTo(reference.containsKey(key));
            }
            assertThat(compact).isEqualTo(reference);
            assertThat(compact.hashCode()).isEqualTo(reference.hashCode());
        }
    }

    private static void removeEvery(Iterator<?> it, int mod) {
        int i = 0;
        while (it.hasNext()) {
            it.next();
            if (mod > 0 && i++ % (mod + 1) == 0) {
                it.remove();
            }
        }
    }

    @Test
    void iteratorsFailFastOnConcurrentChange() {
        CompactFields f = new CompactFields();
        f.put("a", IntNode.valueOf(1));
        f.put("b", IntNode.valueOf(2));
        Iterator<Map.Entry<String, JsonNode>> it = f.entrySet().iterator();
        it.next();
        f.put("c", IntNode.valueOf(3));
        assertThatThrownBy(it::next).isInstanceOf(java.util.ConcurrentModificationException.class);
    }

    /** Trees parsed with the compact factory read, compare, serialise and copy like ordinary ones. */
    @Test
    void compactTreesAreOrdinaryTrees() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        ObjectMapper compact = CompactNodes.mapper();
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            labels.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v").append(i).append('"');
        }
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{" + labels
                + "},\"managedFields\":[{\"fieldsV1\":{\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"c\\\"}\":{}}}}}]},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
        JsonNode a = compact.readTree(json);
        JsonNode b = plain.readTree(json);
        assertThat(a).isEqualTo(b);
        assertThat(b).isEqualTo(a);
        assertThat(compact.writeValueAsString(a)).isEqualTo(plain.writeValueAsString(b));
        assertThat(a.path("metadata").path("labels").path("l29").asText()).isEqualTo("v29");
        ObjectNode copy = ((ObjectNode) a).deepCopy();
        copy.with("metadata").put("name", "q");
        assertThat(a.path("metadata").path("name").asText()).isEqualTo("p");
        ObjectNode built = CompactNodes.INSTANCE.objectNode();
        built.putObject("spec").put("x", 1);
        built.remove("spec");
        assertThat(built.isEmpty()).isTrue();
        assertThat(compact.writeValueAsString(built)).isEqualTo("{}");
    }

    @Test
    void parsedFieldNamesAreInternedSoCodeLiteralsMatchByIdentity() throws Exception {
        var tree = CompactNodes.mapper().readTree("{\"metadata\":{\"k:{\\\"uid\\\":\\\"x\\\"}\":{}}}");
        String name = tree.properties().iterator().next().getKey();
        org.assertj.core.api.Assertions.assertThat(name).isSameAs("metadata");
        org.assertj.core.api.Assertions.assertThat(tree.path("metadata").has("k:{\"uid\":\"x\"}")).isTrue();
    }
}
