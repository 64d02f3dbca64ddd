package io.k3j.admission.nodetaint;

import io.k3j.admission.AdmissionRequest;
import org.junit.jupiter.api.Test;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.create;
import static io.k3j.admission.PluginFixture.json;
import static io.k3j.admission.PluginFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

class TaintNodesByConditionPluginTest {

    final TaintNodesByConditionPlugin plugin = new TaintNodesByConditionPlugin();

    @Test
    void aNewNodeStartsNotReadyNoSchedule() {
        AdmissionRequest r = create("", "nodes", "Node", "", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"taints":[{"key":"gpu","effect":"NoSchedule"}]}}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("taints")).isEqualTo(json("""
                {"t":[{"key":"gpu","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]}""")
                .get("t"));
    }

    @Test
    void theTaintIsNotAddedTwice() {
        AdmissionRequest r = create("", "nodes", "Node", "", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},
                 "spec":{"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]}}""");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("taints")).hasSize(1);
    }

    @Test
    void nodeUpdatesAreLeftAlone() {
        String node = """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{}}""";
        assertThat(plugin.handles(update("", "nodes", "Node", "", node, node))).isFalse();
    }
}
