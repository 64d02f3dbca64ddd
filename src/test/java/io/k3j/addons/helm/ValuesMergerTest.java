package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesMergerTest {

    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void layersApplyInK3sOrder() throws Exception {
        ObjectNode v = ValuesMerger.merge(
                "a: chartContent\nb: chartContent\nc: chartContent\nd: chartContent\ne: chartContent\n",
                json("{\"b\":\"chartValues\",\"c\":\"chartValues\",\"d\":\"chartValues\",\"e\":\"chartValues\"}"),
                "c: configContent\nd: configContent\ne: configContent\n",
                json("{\"d\":\"configValues\",\"e\":\"configValues\"}"),
                Map.of("e", M.getNodeFactory().textNode("set")));
        assertThat(v).isEqualTo(json("{\"a\":\"chartContent\",\"b\":\"chartValues\",\"c\":\"configContent\","
                + "\"d\":\"configValues\",\"e\":\"set\"}"));
    }

    @Test
    void mapsMergeDeeplyListsAndScalarsReplaceNullsStay() throws Exception {
        ObjectNode v = ValuesMerger.merge("""
                        image: {repository: r, tag: "1"}
                        ports: [80, 443]
                        tolerations: [{key: a}]
                        """, null,
                """
                        image: {tag: "2"}
                        ports: [8080]
                        tolerations: null
                        """, null, null);
        assertThat(v).isEqualTo(json("{\"image\":{\"repository\":\"r\",\"tag\":\"2\"},\"ports\":[8080],"
                + "\"tolerations\":null}"));
    }

    @Test
    void blankAndCommentOnlyContentIsNoValues() throws Exception {
        assertThat(ValuesMerger.merge("", null, "# nothing here\n", null, Map.of())).isEqualTo(json("{}"));
        assertThat(ValuesMerger.merge(null, json("null"), null, null, null)).isEqualTo(json("{}"));
    }

    @Test
    void badLayersAreNamed() {
        assertThatThrownBy(() -> ValuesMerger.merge("a: [unclosed", null, "", null, null))
                .hasMessageStartingWith("HelmChart valuesContent is not valid YAML");
        assertThatThrownBy(() -> ValuesMerger.merge("", null, "- a list", null, null))
                .hasMessage("HelmChartConfig valuesContent must be a map of values");
        assertThatThrownBy(() -> ValuesMerger.merge("", json("[1]"), "", null, null))
                .hasMessage("HelmChart values must be a map of values");
    }

    @Test
    void setTypesValuesAsK3sPassesThem() throws Exception {
        ObjectNode v = ValuesMerger.merge("", null, "", null, Map.of(
                "replicas", M.getNodeFactory().numberNode(3),
                "enabled", M.getNodeFactory().textNode("true"),
                "tag", M.getNodeFactory().textNode("0123"),
                "list", M.getNodeFactory().textNode("a,b")));
        assertThat(v).isEqualTo(json("{\"replicas\":3,\"enabled\":true,\"tag\":\"0123\",\"list\":\"a,b\"}"));
    }

    @Test
    void setKeyPaths() throws Exception {
        ObjectNode v = ValuesMerger.merge("image: {repository: r}\nargs: [x, y]\n", null, "", null, Map.of(
                "image.tag", M.getNodeFactory().textNode("v1"),
                "args[1]", M.getNodeFactory().textNode("z"),
                "env[2].name", M.getNodeFactory().textNode("N"),
                "annotations.example\\.com/key", M.getNodeFactory().textNode("yes")));
        assertThat(v).isEqualTo(json("{\"image\":{\"repository\":\"r\",\"tag\":\"v1\"},\"args\":[\"x\",\"z\"],"
                + "\"env\":[null,null,{\"name\":\"N\"}],\"annotations\":{\"example.com/key\":\"yes\"}}"));
    }

    @Test
    void badSetKeysAreRefused() {
        for (String bad : new String[]{"", "a..b", "a[x]", "a[1", "[0]", "a[0]b"}) {
            assertThatThrownBy(() -> SetValues.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesFileKeepsStringsStrings() throws Exception {
        ObjectNode v = M.createObjectNode().put("t", "true").put("n", "0123").put("i", 5);
        String file = ValuesYaml.write(v);
        // Helm reads it as YAML; as YAML it must give back exactly the same types.
        JsonNode back = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(file);
        assertThat(back).isEqualTo(v);
        assertThat(ValuesYaml.write(M.createObjectNode()).strip()).isEqualTo("{ }");
    }
}
