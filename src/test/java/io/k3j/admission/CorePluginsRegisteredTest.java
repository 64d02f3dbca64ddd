package io.k3j.admission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The core built-in plugins are on by default, built by name, in upstream's order, and can be switched off. */
class CorePluginsRegisteredTest {

    static final List<String> CORE = List.of("NamespaceLifecycle", "LimitRanger", "ServiceAccount",
            "TaintNodesByCondition", "Priority", "DefaultTolerationSeconds", "DefaultStorageClass", "DefaultIngressClass");

    @TempDir
    Path dir;

    @Test
    void theDefaultChainHoldsTheCorePluginsInUpstreamOrder() {
        try (PluginFixture f = new PluginFixture(dir)) {
            List<String> names = AdmissionPlugins.chain(f.env, AdmissionSettings.DEFAULTS).plugins().stream()
                    .map(AdmissionPlugin::name).filter(CORE::contains).toList();
            assertThat(names).containsExactlyElementsOf(CORE);
        }
    }

    @Test
    void aDisabledPluginIsNotBuilt() {
        try (PluginFixture f = new PluginFixture(dir)) {
            List<String> names = AdmissionPlugins.chain(f.env,
                    new AdmissionSettings(Set.of(), Set.of("LimitRanger", "Priority"), java.util.Map.of())).plugins()
                    .stream().map(AdmissionPlugin::name).toList();
            assertThat(names).doesNotContain("LimitRanger", "Priority").contains("NamespaceLifecycle");
        }
    }
}
