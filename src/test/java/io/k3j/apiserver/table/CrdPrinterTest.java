package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdPrinterTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void certManagerCertificateColumns() throws IOException {
        CrdPrinter printer = CrdPrinter.forVersion(crd("certificates.cert-manager.io.yaml"), "v1");

        assertThat(printer.columns()).extracting(Column::name, Column::type, Column::priority).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Name", "string", 0),
                org.assertj.core.groups.Tuple.tuple("Ready", "string", 0),
                org.assertj.core.groups.Tuple.tuple("Secret", "string", 0),
                org.assertj.core.groups.Tuple.tuple("Issuer", "string", 1),
                org.assertj.core.groups.Tuple.tuple("Status", "string", 1),
                org.assertj.core.groups.Tuple.tuple("Age", "date", 0));
        assertThat(printer.columns().get(0).format()).isEqualTo("name");
        // Without a description upstream describes the column by its path.
        assertThat(printer.columns().get(1).description())
                .isEqualTo("Custom resource definition column (in JSONPath format): "
                        + ".status.conditions[?(@.type==\"Ready\")].status");

        JsonNode cert = yaml("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: web-tls, namespace: shop, creationTimestamp: "2025-05-30T12:00:00Z"}
                spec: {secretName: web-tls, issuerRef: {name: letsencrypt, kind: ClusterIssuer}}
                status:
                  conditions:
                  - {type: Issuing, status: "False"}
                  - {type: Ready, status: "True", message: Certificate is up to date and has not expired}
                """);
        assertThat(printer.cells(cert, NOW)).containsExactly("web-tls", "True", "web-tls", "letsencrypt",
                "Certificate is up to date and has not expired", "2d");
    }

    @Test
    void missingValuesAreNullCells() throws IOException {
        CrdPrinter printer = CrdPrinter.forVersion(crd("certificates.cert-manager.io.yaml"), "v1");
        JsonNode fresh = yaml("""
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata: {name: new, namespace: shop, creationTimestamp: "2025-06-01T11:59:30Z"}
                spec: {secretName: new-tls, issuerRef: {name: selfsigned}}
                """);
        assertThat(printer.cells(fresh, NOW)).containsExactly("new", null, "new-tls", "selfsigned", null, "30s");
    }

    @Test
    void k3sHelmChartPrintsBooleansThroughStringColumns() throws IOException {
        CrdPrinter printer = CrdPrinter.forVersion(crd("helmcharts.helm.cattle.io.yaml"), "v1");
        JsonNode chart = yaml("""
                apiVersion: helm.cattle.io/v1
                kind: HelmChart
                metadata: {name: traefik, namespace: kube-system, creationTimestamp: "2025-05-31T12:00:00Z"}
                spec: {chart: "https://%{KUBERNETES_API}%/static/charts/traefik-34.2.1.tgz", targetNamespace: kube-system,
                       bootstrap: false, set: {global.systemDefaultRegistry: ""}}
                status: {jobName: helm-install-traefik}
                """);
        assertThat(printer.cells(chart, NOW)).containsExactly("traefik", "helm-install-traefik",
                "https://%{KUBERNETES_API}%/static/charts/traefik-34.2.1.tgz", "kube-system", null, null, null,
                "false");
    }

    @Test
    void noColumnsMeansAge() throws IOException {
        CrdPrinter printer = CrdPrinter.fromColumns(yaml("[]"));
        assertThat(printer.columns()).extracting(Column::name).containsExactly("Name", "Age");
        assertThat(printer.columns().get(1).type()).isEqualTo("date");
        JsonNode obj = yaml("{metadata: {name: x, creationTimestamp: '2025-06-01T09:00:00Z'}}");
        assertThat(printer.cells(obj, NOW)).containsExactly("x", "3h");
    }

    @Test
    void cellTypesFollowUpstreamConversion() throws IOException {
        CrdPrinter printer = CrdPrinter.fromColumns(yaml("""
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Ratio, type: number, jsonPath: .spec.ratio}
                - {name: Paused, type: boolean, jsonPath: .spec.paused}
                - {name: Seen, type: date, jsonPath: .status.lastSeen}
                - {name: Labels, type: string, jsonPath: .metadata.labels}
                - {name: Ports, type: string, jsonPath: .spec.ports}
                - {name: Weird, type: integer, jsonPath: .spec.name}
                - {name: Count, type: string, jsonPath: .spec.replicas}
                - {name: Other, type: object, jsonPath: .spec}
                """));
        JsonNode obj = JsonPathTest.parse("""
                {"metadata": {"name": "o", "labels": {"b": "2", "a": "1"}},
                 "spec": {"replicas": 3.0, "ratio": 2, "paused": true, "name": "x", "ports": [80, "http"]},
                 "status": {"lastSeen": "not a time"}}
                """);
        assertThat(printer.cells(obj, NOW)).containsExactly("o", 3L, 2.0, true, "<invalid>", "map[a:1 b:2]",
                "[80 http]", null, "3", null);
    }

    @Test
    void unknownVersionAndUnsupportedPathsAreRejected() throws IOException {
        JsonNode crd = crd("certificates.cert-manager.io.yaml");
        assertThatThrownBy(() -> CrdPrinter.forVersion(crd, "v2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrdPrinter.fromColumns(yaml("[{name: X, type: string, jsonPath: '..x'}]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableOfCustomResourcesCarriesTheirColumns() throws IOException {
        CrdPrinter printer = CrdPrinter.forVersion(crd("certificates.cert-manager.io.yaml"), "v1");
        JsonNode cert = yaml("{metadata: {name: a, namespace: n, creationTimestamp: '2025-06-01T11:00:00Z'}}");
        JsonNode table = TableConvertor.toTable(List.of(cert), printer, TableOptions.DEFAULT, ListMeta.of("42"), NOW);
        assertThat(table.path("columnDefinitions").get(5).toString())
                .isEqualTo("{\"name\":\"Age\",\"type\":\"date\",\"format\":\"\",\"description\":\"CreationTimestamp is "
                        + "a timestamp representing the server time when this object was created.\",\"priority\":0}");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"a\",null,null,null,null,\"60m\"]");
    }

    private static JsonNode crd(String file) throws IOException {
        try (InputStream in = CrdPrinterTest.class.getResourceAsStream("/table/crd/" + file)) {
            return GoldenRowsTest.YAML.readTree(in);
        }
    }

    private static JsonNode yaml(String text) throws IOException {
        return GoldenRowsTest.YAML.readTree(text);
    }
}
