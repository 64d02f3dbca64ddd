package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Column names, types, formats and priorities per kind, written compactly: {@code Name:type[:format]}, a trailing
 * {@code *} for wide (priority 1) columns.
 */
class ColumnDefinitionsTest {

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = '|', value = {
            "|Pod|Name:string:name, Ready:string, Status:string, Restarts:string, Age:string, IP:string*, "
                    + "Node:string*, Nominated Node:string*, Readiness Gates:string*",
            "|Service|Name:string:name, Type:string, Cluster-IP:string, External-IP:string, Port(s):string, "
                    + "Age:string, Selector:string*",
            "|Node|Name:string:name, Status:string, Roles:string, Age:string, Version:string, Internal-IP:string*, "
                    + "External-IP:string*, OS-Image:string*, Kernel-Version:string*, Container-Runtime:string*",
            "|Namespace|Name:string:name, Status:string, Age:string",
            "|ConfigMap|Name:string:name, Data:string, Age:string",
            "|Secret|Name:string:name, Type:string, Data:string, Age:string",
            "|ServiceAccount|Name:string:name, Secrets:string, Age:string",
            "|Event|Last Seen:string, Type:string, Reason:string, Object:string, Subobject:string*, Source:string*, "
                    + "Message:string, First Seen:string*, Count:string*, Name:string:name*",
            "|PersistentVolume|Name:string:name, Capacity:string, Access Modes:string, Reclaim Policy:string, "
                    + "Status:string, Claim:string, StorageClass:string, VolumeAttributesClass:string, Reason:string, "
                    + "Age:string, VolumeMode:string*",
            "|PersistentVolumeClaim|Name:string:name, Status:string, Volume:string, Capacity:string, "
                    + "Access Modes:string, StorageClass:string, VolumeAttributesClass:string, Age:string, "
                    + "VolumeMode:string*",
            "|ResourceQuota|Name:string:name, Request:string, Limit:string, Age:string",
            "|LimitRange|Name:string:name, Created At:date",
            "apps|Deployment|Name:string:name, Ready:string, Up-to-date:string, Available:string, Age:string, "
                    + "Containers:string*, Images:string*, Selector:string*",
            "apps|ReplicaSet|Name:string:name, Desired:integer, Current:integer, Ready:integer, Age:string, "
                    + "Containers:string*, Images:string*, Selector:string*",
            "apps|StatefulSet|Name:string:name, Ready:string, Age:string, Containers:string*, Images:string*",
            "apps|DaemonSet|Name:string:name, Desired:integer, Current:integer, Ready:integer, Up-to-date:integer, "
                    + "Available:integer, Node Selector:string, Age:string, Containers:string*, Images:string*, "
                    + "Selector:string*",
            "batch|Job|Name:string:name, Status:string, Completions:string, Duration:string, Age:string, "
                    + "Containers:string*, Images:string*, Selector:string*",
            "batch|CronJob|Name:string:name, Schedule:string, Timezone:string, Suspend:boolean, Active:integer, "
                    + "Last Schedule:string, Age:string, Containers:string*, Images:string*, Selector:string*",
            "autoscaling|HorizontalPodAutoscaler|Name:string:name, Reference:string, Targets:string, "
                    + "MinPods:string, MaxPods:string, Replicas:string, Age:string",
            "policy|PodDisruptionBudget|Name:string:name, Min Available:string, Max Unavailable:string, "
                    + "Allowed Disruptions:integer, Age:string",
            "networking.k8s.io|Ingress|Name:string:name, Class:string, Hosts:string, Address:string, Ports:string, "
                    + "Age:string",
            "networking.k8s.io|IPAddress|Name:string:name, ParentRef:string",
            "rbac.authorization.k8s.io|ClusterRoleBinding|Name:string:name, Role:string, Age:string, "
                    + "Users:string*, Groups:string*, ServiceAccounts:string*",
            "rbac.authorization.k8s.io|ClusterRole|Name:string:name, Created At:date",
            "storage.k8s.io|StorageClass|Name:string:name, Provisioner:string, ReclaimPolicy:string, "
                    + "VolumeBindingMode:string, AllowVolumeExpansion:string, Age:string",
            "storage.k8s.io|VolumeAttachment|Name:string:name, Attacher:string:name, PV:string, Node:string, "
                    + "Attached:boolean, Age:string",
            "certificates.k8s.io|CertificateSigningRequest|Name:string:name, Age:string, SignerName:string, "
                    + "Requestor:string, RequestedDuration:string, Condition:string",
            "scheduling.k8s.io|PriorityClass|Name:string:name, Value:integer, Global-Default:boolean, Age:string, "
                    + "PreemptionPolicy:string",
            "apiextensions.k8s.io|CustomResourceDefinition|Name:string:name, Created At:date",
            "apiregistration.k8s.io|APIService|Name:string:name, Service:string, Available:string, Age:string",
            "flowcontrol.apiserver.k8s.io|PriorityLevelConfiguration|Name:string:name, Type:string, "
                    + "NominalConcurrencyShares:string, Queues:string, HandSize:string, QueueLengthLimit:string, "
                    + "Age:string"})
    void columnsMatchUpstream(String group, String kind, String expected) {
        GroupVersionKind gvk = new GroupVersionKind(group == null ? "" : group, "v1", kind);
        String actual = Printers.forKind(gvk).columns().stream().map(ColumnDefinitionsTest::compact)
                .collect(Collectors.joining(", "));
        assertThat(actual).isEqualTo(expected);
    }

    /** Every listable built-in kind has a printer, except the ones upstream prints with its default convertor. */
    @Test
    void everyListableBuiltinKindHasAPrinterOrIsKnownToUseTheDefault() {
        Set<String> defaulted = new TreeSet<>();
        for (ResourceDescriptor d : BuiltinResources.all()) {
            if (d.supports("list") && Printers.find(d.groupVersionKind()).isEmpty()) {
                defaulted.add(d.kind());
            }
        }
        assertThat(defaulted).containsExactlyInAnyOrder("ClusterRole", "Role", "LimitRange",
                "CustomResourceDefinition");
    }

    private static String compact(Column c) {
        return c.name() + ":" + c.type() + (c.format().isEmpty() ? "" : ":" + c.format())
                + (c.priority() == 1 ? "*" : "");
    }
}
