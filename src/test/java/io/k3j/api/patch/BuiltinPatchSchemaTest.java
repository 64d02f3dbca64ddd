package io.k3j.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.GroupVersionKind;
import io.k3j.api.patch.ListStrategy.ListType;
import io.k3j.api.patch.ListStrategy.Strategy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltinPatchSchemaTest {

    private final BuiltinPatchSchema schema = new BuiltinPatchSchema();

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|Pod|spec.containers|MERGE|name|MAP|name",
        "``|Pod|spec.containers.env|MERGE|name|MAP|name",
        "``|Pod|spec.containers.ports|MERGE|containerPort|MAP|containerPort,protocol",
        "``|Pod|spec.initContainers.volumeMounts|MERGE|mountPath|MAP|mountPath",
        "``|Pod|spec.ephemeralContainers.volumeDevices|MERGE|devicePath|MAP|devicePath",
        "``|Pod|spec.volumes|MERGE_RETAIN_KEYS|name|MAP|name",
        "``|Pod|spec.tolerations|REPLACE|``|ATOMIC|``",
        "``|Pod|spec.topologySpreadConstraints|MERGE|topologyKey|MAP|topologyKey,whenUnsatisfiable",
        "``|Pod|status.conditions|MERGE|type|MAP|type",
        "``|Pod|metadata.finalizers|MERGE|``|SET|``",
        "``|Pod|metadata.ownerReferences|MERGE|uid|MAP|uid",
        "``|Service|spec.ports|MERGE|port|MAP|port,protocol",
        "``|Pod|status.hostIPs|MERGE|ip|ATOMIC|``",
        "apiextensions.k8s.io|CustomResourceDefinition|status.conditions|REPLACE|``|MAP|type",
        "certificates.k8s.io|CertificateSigningRequest|status.conditions|REPLACE|``|MAP|type",
        "``|Node|status.addresses|MERGE|type|MAP|type",
        "``|Endpoints|subsets|REPLACE|``|ATOMIC|``",
        "apps|Deployment|spec.template.spec.containers|MERGE|name|MAP|name",
        "apps|StatefulSet|spec.template.spec.imagePullSecrets|MERGE|name|MAP|name",
        "batch|CronJob|spec.jobTemplate.spec.template.spec.hostAliases|MERGE|ip|MAP|ip",
        "batch|Job|status.conditions|MERGE|type|ATOMIC|``",
        "networking.k8s.io|Ingress|spec.rules|REPLACE|``|ATOMIC|``",
    })
    void wellKnownLists(String group, String kind, String path, Strategy strategy, String mergeKey, ListType type, String keys) {
        Optional<ListStrategy> s = schema.lookup(new GroupVersionKind(group, "v1", kind), List.of(path.split("\\.")));
        assertThat(s).isPresent();
        assertThat(s.get().strategy()).isEqualTo(strategy);
        assertThat(s.get().mergeKey()).isEqualTo(mergeKey.isEmpty() ? null : mergeKey);
        assertThat(s.get().listType()).isEqualTo(type);
        assertThat(s.get().mapKeys()).isEqualTo(keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",")));
    }

    /** Declared lists are found (ObjectMeta for every kind); non-lists and custom resource fields are not. */
    @ParameterizedTest(name = "{0}/{1} {2} declared={3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|Pod|spec.containers.args|true",
        "``|ConfigMap|metadata.finalizers|true",
        "apps|Deployment|spec.selector|false",
        "example.com|Foo|metadata.finalizers|true",
        "example.com|Foo|spec.containers|false",
    })
    void declaredOrNot(String group, String kind, String path, boolean declared) {
        Optional<ListStrategy> s = schema.lookup(new GroupVersionKind(group, "v1", kind), List.of(path.split("\\.")));
        assertThat(s.isPresent()).isEqualTo(declared);
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "apps|Deployment|spec.selector|true",
        "batch|Job|spec.selector|true",
        "networking.k8s.io|NetworkPolicy|spec.podSelector|true",
        "``|ReplicationController|spec.selector|false",
        "``|Pod|spec|false",
    })
    void atomicStructs(String group, String kind, String path, boolean atomic) {
        assertThat(schema.isAtomicMap(new GroupVersionKind(group, "v1", kind), List.of(path.split("\\.")))).isEqualTo(atomic);
    }

    @ParameterizedTest(name = "group [{0}] -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|true", "apps|true", "rbac.authorization.k8s.io|true", "example.com|false", "helm.cattle.io|false",
    })
    void strategicMergeOnlyForBuiltinGroups(String group, boolean supported) {
        assertThat(schema.supportsStrategicMerge(new GroupVersionKind(group, "v1", "X"))).isEqualTo(supported);
    }
}
