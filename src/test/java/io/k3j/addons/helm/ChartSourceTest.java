package io.k3j.addons.helm;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChartSourceTest {

    @Test
    void chartContentWinsOverChartAndRepo() {
        String b64 = Base64.getEncoder().encodeToString("tgz".getBytes(StandardCharsets.UTF_8));
        ChartSource s = ChartSource.of("nginx", "https://charts.example", "1.0", b64, "127.0.0.1:6443");
        assertThat(s).isInstanceOf(ChartSource.Inline.class);
        assertThat(new String(((ChartSource.Inline) s).tgz(), StandardCharsets.UTF_8)).isEqualTo("tgz");
    }

    @Test
    void aUrlChartHasTheKubernetesApiSubstituted() {
        ChartSource s = ChartSource.of("https://%{KUBERNETES_API}%/static/charts/traefik-1.0.tgz", "", "", "",
                "127.0.0.1:6443");
        assertThat(s).isEqualTo(new ChartSource.Archive(URI.create("https://127.0.0.1:6443/static/charts/traefik-1.0.tgz")));
    }

    @Test
    void aChartNameNeedsARepo() {
        assertThat(ChartSource.of("stable/nginx", "https://charts.example/sub", "1.2.3", null, "x:1"))
                .isEqualTo(new ChartSource.RepoChart(URI.create("https://charts.example/sub/"), "nginx", "1.2.3"));
        assertThatThrownBy(() -> ChartSource.of("nginx", "", "", "", "x:1")).hasMessageContaining("spec.repo is required");
        assertThatThrownBy(() -> ChartSource.of("", "", "", "", "x:1")).hasMessageContaining("spec.chart or spec.chartContent");
        assertThatThrownBy(() -> ChartSource.of("x", "", "", "!!!notbase64", "x:1")).hasMessageContaining("not base64");
    }

    @Test
    void repoIndexPicksTheExactOrNewestStableVersion() {
        String index = """
                apiVersion: v1
                entries:
                  nginx:
                    - version: 1.10.0
                      urls: [nginx-1.10.0.tgz]
                    - version: 2.0.0-rc.1
                      urls: [nginx-2.0.0-rc.1.tgz]
                    - version: 1.9.3
                      urls: [https://cdn.example/nginx-1.9.3.tgz]
                """;
        RepoIndex idx = RepoIndex.parse(index.getBytes(StandardCharsets.UTF_8));
        URI repo = URI.create("https://charts.example/stable/");
        assertThat(idx.archiveUrl(repo, "nginx", "")).isEqualTo(URI.create("https://charts.example/stable/nginx-1.10.0.tgz"));
        assertThat(idx.archiveUrl(repo, "nginx", "1.9.3")).isEqualTo(URI.create("https://cdn.example/nginx-1.9.3.tgz"));
        assertThat(idx.archiveUrl(repo, "nginx", "v2.0.0-rc.1")).isEqualTo(URI.create("https://charts.example/stable/nginx-2.0.0-rc.1.tgz"));
        assertThatThrownBy(() -> idx.archiveUrl(repo, "nginx", "3.0.0"))
                .hasMessage("chart \"nginx\" version \"3.0.0\" not found in https://charts.example/stable/ repository");
        assertThatThrownBy(() -> idx.archiveUrl(repo, "redis", ""))
                .hasMessage("chart \"redis\" not found in https://charts.example/stable/ repository");
    }

    @Test
    void semverOrdersPreReleasesBeforeReleases() {
        assertThat(SemVer.parse("1.0.0-alpha").compareTo(SemVer.parse("1.0.0"))).isNegative();
        assertThat(SemVer.parse("1.0.0-alpha.2").compareTo(SemVer.parse("1.0.0-alpha.10"))).isNegative();
        assertThat(SemVer.parse("1.10.0").compareTo(SemVer.parse("1.9.9"))).isPositive();
        assertThat(SemVer.parse("not-a-version")).isNull();
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.parse("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> GoDuration.parse("5 minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("10")).isInstanceOf(IllegalArgumentException.class);
    }
}
