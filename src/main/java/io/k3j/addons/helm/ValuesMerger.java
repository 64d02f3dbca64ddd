package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The user-supplied values of a release, merged as K3s's helm-controller layers them (lowest first): HelmChart
 * {@code valuesContent}, HelmChart {@code values}, HelmChartConfig {@code valuesContent}, HelmChartConfig
 * {@code values}, then HelmChart {@code set}. The chart's own defaults sit under all of these; Helm applies them.
 *
 * <p>Layers merge as Helm merges several {@code -f} files: maps merge key by key, anything else (lists, scalars,
 * null) replaces. A null is kept rather than dropped, because Helm reads a null as "remove this key from the
 * chart's defaults", which only Helm can do.
 */
public final class ValuesMerger {

    private ValuesMerger() {
    }

    /** One layer of values: YAML text (may be empty) or a structured map (may be null). */
    public record Layer(String source, JsonNode values) {
    }

    /**
     * Merges HelmChart and HelmChartConfig values in K3s's order.
     *
     * @param chartValuesContent  HelmChart spec.valuesContent (YAML, may be blank)
     * @param chartValues         HelmChart spec.values (object or null)
     * @param configValuesContent HelmChartConfig spec.valuesContent (may be blank; "" when there is no config)
     * @param configValues        HelmChartConfig spec.values (object or null)
     * @param set                 HelmChart spec.set (key path → string or number; null for none)
     * @throws IllegalArgumentException naming the layer whose YAML does not parse or is not a mapping
     */
    public static ObjectNode merge(String chartValuesContent, JsonNode chartValues, String configValuesContent,
                                   JsonNode configValues, Map<String, JsonNode> set) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Layer layer : List.of(
                new Layer("HelmChart valuesContent", ValuesYaml.parseMapping(chartValuesContent, "HelmChart valuesContent")),
                new Layer("HelmChart values", chartValues),
                new Layer("HelmChartConfig valuesContent",
                        ValuesYaml.parseMapping(configValuesContent, "HelmChartConfig valuesContent")),
                new Layer("HelmChartConfig values", configValues))) {
            if (layer.values() == null || layer.values().isNull() || layer.values().isMissingNode()) {
                continue;
            }
            if (!layer.values().isObject()) {
                throw new IllegalArgumentException(layer.source() + " must be a map of values");
            }
            mergeInto(out, (ObjectNode) layer.values());
        }
        if (set != null) {
            SetValues.applyAll(out, set);
        }
        return out;
    }

    /** Deep merge of {@code overlay} into {@code base}: maps recurse, everything else replaces. */
    static void mergeInto(ObjectNode base, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> it = overlay.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                mergeInto((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
