package io.k3j.admission.ingressclass;

import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.PluginFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.create;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultIngressClassPluginTest {

    @TempDir
    Path dir;
    PluginFixture f;
    DefaultIngressClassPlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir);
        plugin = new DefaultIngressClassPlugin(f.env);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void ingressClass(String name, String created, boolean isDefault) {
        f.lookup.put("networking.k8s.io", "ingressclasses", "", """
                {"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"%s","creationTimestamp":"%s",
                 "annotations":{"ingressclass.kubernetes.io/is-default-class":"%b"}},"spec":{"controller":"x"}}"""
                .formatted(name, created, isDefault));
    }

    static AdmissionRequest ingress(String spec, String annotations) {
        return create("networking.k8s.io", "ingresses", "Ingress", "ns", """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"i","namespace":"ns",
                 "annotations":%s},"spec":%s}""".formatted(annotations, spec));
    }

    @Test
    void anIngressWithoutClassGetsTheNewestDefault() {
        ingressClass("traefik", "2026-01-01T00:00:00Z", true);
        ingressClass("nginx", "2026-01-01T00:00:00Z", true); // same age: the name decides
        ingressClass("other", "2026-05-01T00:00:00Z", false);
        AdmissionRequest r = ingress("{}", "{}");
        admit(plugin, r);
        assertThat(r.object().path("spec").path("ingressClassName").asText()).isEqualTo("nginx");
    }

    @Test
    void aClassOrTheOldAnnotationIsKept() {
        ingressClass("traefik", "2026-01-01T00:00:00Z", true);
        AdmissionRequest named = ingress("{\"ingressClassName\":\"mine\"}", "{}");
        admit(plugin, named);
        assertThat(named.object().path("spec").path("ingressClassName").asText()).isEqualTo("mine");
        AdmissionRequest annotated = ingress("{}", "{\"kubernetes.io/ingress.class\":\"legacy\"}");
        admit(plugin, annotated);
        assertThat(annotated.object().path("spec").has("ingressClassName")).isFalse();
    }

    @Test
    void withoutADefaultTheIngressIsUnchanged() {
        ingressClass("traefik", "2026-01-01T00:00:00Z", false);
        AdmissionRequest r = ingress("{}", "{}");
        admit(plugin, r);
        assertThat(r.object().path("spec").has("ingressClassName")).isFalse();
    }
}
