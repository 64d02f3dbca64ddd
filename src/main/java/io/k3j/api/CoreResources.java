package io.k3j.api;

import static io.k3j.api.ResourceBuilder.CREATE_ONLY;
import static io.k3j.api.ResourceBuilder.GET_PATCH_UPDATE;
import static io.k3j.api.ResourceBuilder.resource;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.ComponentStatus;
import io.fabric8.kubernetes.api.model.ComponentStatusList;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimList;
import io.fabric8.kubernetes.api.model.PersistentVolumeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerList;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountList;
import io.fabric8.kubernetes.api.model.ServiceList;
import java.util.List;
import java.util.stream.Stream;

/** core/v1 as kube-apiserver 1.33 serves it under {@code /api/v1}. */
final class CoreResources {

    /** Proxy subresources accept every method but list/watch; kube-apiserver reports these five verbs. */
    private static final List<String> PROXY = List.of("create", "delete", "get", "patch", "update");
    /** Streaming subresources (exec, attach, portforward) upgrade on GET or POST. */
    private static final List<String> STREAM = List.of("create", "get");

    private CoreResources() {
    }

    static List<ResourceDescriptor> all() {
        return Stream.of(
                resource("", "v1", "bindings", "Binding", Binding.class).createOnly(),
                resource("", "v1", "componentstatuses", "ComponentStatus", ComponentStatus.class)
                        .list(ComponentStatusList.class).cluster().verbs("get", "list").shortNames("cs").readOnly(),
                resource("", "v1", "configmaps", "ConfigMap", ConfigMap.class).list(ConfigMapList.class)
                        .shortNames("cm"),
                resource("", "v1", "endpoints", "Endpoints", Endpoints.class).list(EndpointsList.class)
                        .shortNames("ep"),
                resource("", "v1", "events", "Event", Event.class).list(EventList.class).shortNames("ev"),
                resource("", "v1", "limitranges", "LimitRange", LimitRange.class).list(LimitRangeList.class)
                        .shortNames("limits"),
                // Namespaces have no deletecollection; finalize is PUT-only.
                resource("", "v1", "namespaces", "Namespace", Namespace.class).list(NamespaceList.class).cluster()
                        .verbs("create", "delete", "get", "list", "patch", "update", "watch").shortNames("ns")
                        .sub("finalize", List.of("update")).status(),
                resource("", "v1", "nodes", "Node", Node.class).list(NodeList.class).cluster().shortNames("no")
                        .sub("proxy", "NodeProxyOptions", PROXY).status(),
                resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", PersistentVolumeClaim.class)
                        .list(PersistentVolumeClaimList.class).shortNames("pvc").status(),
                resource("", "v1", "persistentvolumes", "PersistentVolume", PersistentVolume.class)
                        .list(PersistentVolumeList.class).cluster().shortNames("pv").status(),
                resource("", "v1", "pods", "Pod", Pod.class).list(PodList.class).shortNames("po").categories("all")
                        .sub("attach", "PodAttachOptions", STREAM)
                        .sub("binding", "Binding", CREATE_ONLY)
                        .sub("ephemeralcontainers", GET_PATCH_UPDATE)
                        .sub("eviction", "policy", "v1", "Eviction", CREATE_ONLY)
                        .sub("exec", "PodExecOptions", STREAM)
                        .sub("log", List.of("get"))
                        .sub("portforward", "PodPortForwardOptions", STREAM)
                        .sub("proxy", "PodProxyOptions", PROXY)
                        .sub("resize", GET_PATCH_UPDATE)
                        .status(),
                resource("", "v1", "podtemplates", "PodTemplate", PodTemplate.class).list(PodTemplateList.class),
                resource("", "v1", "replicationcontrollers", "ReplicationController", ReplicationController.class)
                        .list(ReplicationControllerList.class).shortNames("rc").categories("all").scale().status(),
                resource("", "v1", "resourcequotas", "ResourceQuota", ResourceQuota.class)
                        .list(ResourceQuotaList.class).shortNames("quota").status(),
                resource("", "v1", "secrets", "Secret", Secret.class).list(SecretList.class),
                resource("", "v1", "serviceaccounts", "ServiceAccount", ServiceAccount.class)
                        .list(ServiceAccountList.class).shortNames("sa")
                        .sub("token", "authentication.k8s.io", "v1", "TokenRequest", CREATE_ONLY),
                resource("", "v1", "services", "Service", Service.class).list(ServiceList.class).shortNames("svc")
                        .categories("all").sub("proxy", "ServiceProxyOptions", PROXY).status()
        ).map(ResourceBuilder::build).toList();
    }
}
