package io.k3j.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatchMetaTest {

    @Test
    void containersMergeByName() {
        PatchMeta.Field f = PatchMeta.lookup("io.k8s.api.core.v1.PodSpec", "containers").orElseThrow();
        assertThat(f.strategy()).isEqualTo("merge");
        assertThat(f.mergeKey()).isEqualTo("name");
        assertThat(f.listType()).isEqualTo("map");
        assertThat(f.listMapKeys()).containsExactly("name");
        assertThat(f.mergesByKey()).isTrue();
    }

    @Test
    void wellKnownLists() {
        assertThat(PatchMeta.lookup("io.k8s.api.core.v1.Container", "ports").orElseThrow().listMapKeys())
                .containsExactly("containerPort", "protocol");
        assertThat(PatchMeta.lookup("io.k8s.api.core.v1.Container", "volumeMounts").orElseThrow().mergeKey())
                .isEqualTo("mountPath");
        assertThat(PatchMeta.lookup("io.k8s.api.core.v1.PodSpec", "volumes").orElseThrow().strategy())
                .isEqualTo("merge,retainKeys");
        assertThat(PatchMeta.lookup("io.k8s.api.core.v1.PodSpec", "tolerations").orElseThrow().mergesByKey()).isFalse();
        assertThat(PatchMeta.lookup("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers").orElseThrow())
                .isEqualTo(new PatchMeta.Field("merge", null, "set", List.of()));
        assertThat(PatchMeta.lookup("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "ownerReferences")
                .orElseThrow().mergeKey()).isEqualTo("uid");
        assertThat(PatchMeta.lookup("io.k8s.api.apps.v1.DeploymentStatus", "conditions").orElseThrow().mergeKey())
                .isEqualTo("type");
        assertThat(PatchMeta.lookup("io.k8s.api.apps.v1.DeploymentSpec", "strategy").orElseThrow().strategy())
                .isEqualTo("retainKeys");
    }

    @Test
    void unknownFieldsHaveNoMetadata() {
        assertThat(PatchMeta.lookup("io.k8s.api.core.v1.PodSpec", "nodeName")).isEmpty();
        assertThat(PatchMeta.lookup("no.such.Type", "containers")).isEmpty();
        assertThat(PatchMeta.fieldsOf("io.k8s.api.core.v1.Container")).containsKeys("env", "ports", "volumeMounts");
    }
}
