package io.k3j.api.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltinConversionsTest {

    /** Every built-in resource the catalog serves at several versions of its group converts between them. */
    @Test
    void everyMultiVersionBuiltinHasAConversion() {
        Map<String, TreeSet<String>> versions = new TreeMap<>();
        for (ResourceDescriptor d : BuiltinResources.all()) {
            versions.computeIfAbsent(d.group() + "/" + d.resource(), k -> new TreeSet<>()).add(d.version());
        }
        Map<String, TreeSet<String>> multi = versions.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(multi).containsOnlyKeys("autoscaling/horizontalpodautoscalers");
        multi.forEach((key, served) -> {
            String[] gr = key.split("/", 2);
            KindConversion c = BuiltinConversions.forResource(gr[0], gr[1]).orElseThrow();
            assertThat(new TreeSet<>(c.versions())).isEqualTo(served);
            assertThat(served).contains(c.hubVersion());
            assertThat(BuiltinConversions.forKind(gr[0], c.kind())).contains(c);
        });
    }

    @Test
    void singleVersionResourcesHaveNone() {
        assertThat(BuiltinConversions.forResource("apps", "deployments")).isEmpty();
        assertThat(BuiltinConversions.all()).extracting(KindConversion::resource)
                .isEqualTo(List.of("horizontalpodautoscalers"));
    }
}
