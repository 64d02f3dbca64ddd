package io.k3j.admission;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admission flags as kube-apiserver reads them, and the AdmissionConfiguration file. */
class AdmissionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void namesAreCommaSeparated() {
        AdmissionSettings s = AdmissionSettings.from(Map.of(AdmissionSettings.ENABLE, "NodeRestriction, PodSecurity",
                AdmissionSettings.DISABLE, "ResourceQuota")::get);
        assertThat(s.enable()).containsExactlyInAnyOrder("NodeRestriction", "PodSecurity");
        assertThat(s.disable()).containsExactly("ResourceQuota");
        assertThat(s.pluginConfigs()).isEmpty();
    }

    @Test
    void unknownOrContradictoryPluginsAreRefused() {
        assertThatThrownBy(() -> AdmissionSettings.from(Map.of(AdmissionSettings.ENABLE, "AlwaysPullImagez")::get))
                .hasMessage("unknown admission plugin: AlwaysPullImagez");
        assertThatThrownBy(() -> AdmissionSettings.from(Map.of(AdmissionSettings.ENABLE, "PodSecurity",
                AdmissionSettings.DISABLE, "PodSecurity")::get))
                .hasMessage("PodSecurity plugin is both enabled and disabled");
    }

    @Test
    void configurationsComeInlineOrFromARelativePath() throws Exception {
        Files.writeString(dir.resolve("psa.yaml"), """
                apiVersion: pod-security.admission.config.k8s.io/v1
                kind: PodSecurityConfiguration
                defaults:
                  enforce: restricted
                """);
        Path file = dir.resolve("admission.yaml");
        Files.writeString(file, """
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                - name: PodSecurity
                  path: psa.yaml
                - name: ResourceQuota
                  configuration:
                    apiVersion: apiserver.config.k8s.io/v1
                    kind: ResourceQuotaConfiguration
                    limitedResources: []
                """);
        AdmissionSettings s = AdmissionSettings.from(Map.of(AdmissionSettings.CONFIG_FILE, file.toString())::get);
        assertThat(s.pluginConfigs().get("PodSecurity").path("defaults").path("enforce").asText()).isEqualTo("restricted");
        assertThat(s.pluginConfigs().get("ResourceQuota").path("kind").asText()).isEqualTo("ResourceQuotaConfiguration");
    }

    @Test
    void aFileOfAnotherKindIsRefused() throws Exception {
        Path file = dir.resolve("wrong.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\n");
        assertThatThrownBy(() -> AdmissionSettings.from(Map.of(AdmissionSettings.CONFIG_FILE, file.toString())::get))
                .hasMessageContaining("expected kind AdmissionConfiguration");
        assertThatThrownBy(() -> AdmissionSettings.from(Map.of(AdmissionSettings.CONFIG_FILE,
                dir.resolve("missing.yaml").toString())::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
