package io.k3j.admission.storageclass;

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

class DefaultStorageClassPluginTest {

    @TempDir
    Path dir;
    PluginFixture f;
    DefaultStorageClassPlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir);
        plugin = new DefaultStorageClassPlugin(f.env);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    void storageClass(String name, String created, String annotations) {
        f.lookup.put("storage.k8s.io", "storageclasses", "", """
                {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"%s",
                 "creationTimestamp":"%s","annotations":%s},"provisioner":"x"}""".formatted(name, created, annotations));
    }

    static AdmissionRequest claim(String specExtra, String annotations) {
        return create("", "persistentvolumeclaims", "PersistentVolumeClaim", "ns", """
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"c","namespace":"ns","annotations":%s},
                 "spec":{"accessModes":["ReadWriteOnce"]%s}}""".formatted(annotations, specExtra));
    }

    static String className(AdmissionRequest r) {
        return r.object().path("spec").path("storageClassName").asText(null);
    }

    @Test
    void aClaimWithoutClassGetsTheNewestDefault() {
        storageClass("old", "2026-01-01T00:00:00Z", "{\"storageclass.kubernetes.io/is-default-class\":\"true\"}");
        storageClass("new", "2026-02-01T00:00:00Z", "{\"storageclass.kubernetes.io/is-default-class\":\"true\"}");
        storageClass("newest-not-default", "2026-03-01T00:00:00Z", "{}");
        AdmissionRequest r = claim("", "{}");
        admit(plugin, r);
        assertThat(className(r)).isEqualTo("new");
    }

    @Test
    void theBetaAnnotationMarksADefaultToo() {
        storageClass("beta", "2026-01-01T00:00:00Z", "{\"storageclass.beta.kubernetes.io/is-default-class\":\"true\"}");
        AdmissionRequest r = claim("", "{}");
        admit(plugin, r);
        assertThat(className(r)).isEqualTo("beta");
    }

    @Test
    void anExplicitClassEvenEmptyOrTheBetaAnnotationIsKept() {
        storageClass("std", "2026-01-01T00:00:00Z", "{\"storageclass.kubernetes.io/is-default-class\":\"true\"}");
        AdmissionRequest empty = claim(",\"storageClassName\":\"\"", "{}");
        admit(plugin, empty);
        assertThat(className(empty)).isEmpty();
        AdmissionRequest named = claim(",\"storageClassName\":\"fast\"", "{}");
        admit(plugin, named);
        assertThat(className(named)).isEqualTo("fast");
        AdmissionRequest beta = claim("", "{\"volume.beta.kubernetes.io/storage-class\":\"slow\"}");
        admit(plugin, beta);
        assertThat(className(beta)).isNull();
    }

    @Test
    void withoutADefaultTheClaimIsUnchanged() {
        storageClass("std", "2026-01-01T00:00:00Z", "{\"storageclass.kubernetes.io/is-default-class\":\"false\"}");
        AdmissionRequest r = claim("", "{}");
        admit(plugin, r);
        assertThat(className(r)).isNull();
    }
}
