package io.k3j.addons.deploy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestDocumentsTest {

    static ManifestDocuments.Parsed parse(String name, String text) {
        return ManifestDocuments.parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void multiDocumentYamlWithEmptyAndCommentOnlyDocuments() {
        ManifestDocuments.Parsed p = parse("a.yaml", """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one}
                ---
                # only a comment
                ---

                --- # a separator with a comment
                apiVersion: v1
                kind: Secret
                metadata: {name: two}
                data:
                  k: "--- not a separator"
                """);
        assertThat(p.ok()).isTrue();
        assertThat(p.objects()).extracting(d -> d.object().path("metadata").path("name").asText())
                .containsExactly("one", "two");
        assertThat(p.objects()).extracting(ManifestDocuments.Doc::number).containsExactly(1, 4);
    }

    @Test
    void listKindsAreExpanded() {
        ManifestDocuments.Parsed p = parse("l.yaml", """
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
                - apiVersion: v1
                  kind: ConfigMapList
                  items:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
                """);
        assertThat(p.objects()).extracting(d -> d.object().path("metadata").path("name").asText())
                .containsExactly("a", "b");
    }

    @Test
    void aBrokenDocumentIsReportedByNumberAndTheOthersStillParse() {
        ManifestDocuments.Parsed p = parse("b.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: good}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: bad
                ---
                kind: ConfigMap
                metadata: {name: noversion}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: also-good}
                ---
                - just
                - a list
                """);
        assertThat(p.objects()).extracting(d -> d.object().path("metadata").path("name").asText())
                .containsExactly("good", "also-good");
        assertThat(p.failures()).extracting(ManifestDocuments.Failure::number).containsExactly(2, 3, 5);
        assertThat(p.failures().get(1).message()).isEqualTo("Object 'apiVersion' is missing");
        assertThat(p.failures().get(2).toString()).startsWith("document 5: not an object");
    }

    @Test
    void jsonIsOneDocument() {
        ManifestDocuments.Parsed p = parse("x.JSON", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"n\"}}");
        assertThat(p.objects()).hasSize(1);
        assertThat(parse("y.json", "{broken").failures()).hasSize(1);
    }

    @Test
    void anEmptyFileHasNoObjects() {
        ManifestDocuments.Parsed p = parse("e.yaml", "\n# nothing\n");
        assertThat(p.ok()).isTrue();
        assertThat(p.objects()).isEmpty();
    }
}
