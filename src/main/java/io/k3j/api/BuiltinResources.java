package io.k3j.api;

import static io.k3j.api.ResourceBuilder.GET_PATCH_UPDATE;
import static io.k3j.api.ResourceBuilder.resource;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationList;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingList;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyList;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetList;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobList;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceList;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchemaList;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfigurationList;
import io.fabric8.kubernetes.api.model.networking.v1.IPAddress;
import io.fabric8.kubernetes.api.model.networking.v1.IPAddressList;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassList;
import io.fabric8.kubernetes.api.model.networking.v1.IngressList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDR;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceCIDRList;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleList;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingList;
import io.fabric8.kubernetes.api.model.rbac.RoleList;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassList;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSIDriverList;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.CSINodeList;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacity;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacityList;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassList;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in resources kube-apiserver 1.33 serves by default, with its verbs, short names, categories and
 * subresources (taken from upstream's discovery documents). Core/v1 lives in {@link CoreResources}.
 * Callers that also serve CRDs pass their own snapshot to the discovery and OpenAPI builders.
 */
public final class BuiltinResources {

    /**
     * Group order of {@code /apis} in kube-apiserver (its group priorities); groups not listed (CRDs) follow,
     * alphabetically.
     */
    public static final List<String> GROUP_ORDER = List.of(
            "", "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io",
            "authorization.k8s.io", "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy",
            "rbac.authorization.k8s.io", "storage.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "node.k8s.io",
            "discovery.k8s.io", "flowcontrol.apiserver.k8s.io");

    private static final List<ResourceDescriptor> ALL =
            Stream.of(CoreResources.all(), groupResources()).flatMap(List::stream).toList();

    private BuiltinResources() {
    }

    public static List<ResourceDescriptor> all() {
        return ALL;
    }

    private static List<ResourceDescriptor> groupResources() {
        String apps = "apps", rbac = "rbac.authorization.k8s.io", net = "networking.k8s.io",
                storage = "storage.k8s.io", adm = "admissionregistration.k8s.io",
                flow = "flowcontrol.apiserver.k8s.io";
        return Stream.of(
                // apps/v1
                resource(apps, "v1", "controllerrevisions", "ControllerRevision", ControllerRevision.class)
                        .list(ControllerRevisionList.class),
                resource(apps, "v1", "daemonsets", "DaemonSet", DaemonSet.class).list(DaemonSetList.class)
                        .shortNames("ds").categories("all").status(),
                resource(apps, "v1", "deployments", "Deployment", Deployment.class).list(DeploymentList.class)
                        .shortNames("deploy").categories("all").scale().status(),
                resource(apps, "v1", "replicasets", "ReplicaSet", ReplicaSet.class).list(ReplicaSetList.class)
                        .shortNames("rs").categories("all").scale().status(),
                resource(apps, "v1", "statefulsets", "StatefulSet", StatefulSet.class).list(StatefulSetList.class)
                        .shortNames("sts").categories("all").scale().status(),
                // events.k8s.io/v1: upstream also serves "ev" here; core events win because /api is listed first.
                resource("events.k8s.io", "v1", "events", "Event", io.fabric8.kubernetes.api.model.events.v1.Event.class)
                        .list(io.fabric8.kubernetes.api.model.events.v1.EventList.class).shortNames("ev"),
                // authentication / authorization reviews: create-only and never stored
                resource("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview",
                        SelfSubjectReview.class).cluster().createOnly(),
                resource("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", TokenReview.class)
                        .cluster().createOnly(),
                resource("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview",
                        LocalSubjectAccessReview.class).createOnly(),
                resource("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview",
                        SelfSubjectAccessReview.class).cluster().createOnly(),
                resource("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview",
                        SelfSubjectRulesReview.class).cluster().createOnly(),
                resource("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview",
                        SubjectAccessReview.class).cluster().createOnly(),
                // autoscaling: v2 is preferred (listed first by version priority), v1 still served
                resource("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
                        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class)
                        .list(io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerList.class)
                        .shortNames("hpa").categories("all").status(),
                resource("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler",
                        io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler.class)
                        .list(io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscalerList.class)
                        .shortNames("hpa").categories("all").status(),
                // batch/v1
                resource("batch", "v1", "cronjobs", "CronJob", CronJob.class).list(CronJobList.class)
                        .shortNames("cj").categories("all").status(),
                resource("batch", "v1", "jobs", "Job", Job.class).list(JobList.class).categories("all").status(),
                // certificates.k8s.io/v1
                resource("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest",
                        CertificateSigningRequest.class).list(CertificateSigningRequestList.class).cluster()
                        .shortNames("csr").sub("approval", GET_PATCH_UPDATE).status(),
                // networking.k8s.io/v1 (ServiceCIDR and IPAddress are GA and on by default in 1.33)
                resource(net, "v1", "ingressclasses", "IngressClass", IngressClass.class).list(IngressClassList.class)
                        .cluster(),
                resource(net, "v1", "ingresses", "Ingress", Ingress.class).list(IngressList.class).shortNames("ing")
                        .status(),
                resource(net, "v1", "ipaddresses", "IPAddress", IPAddress.class).list(IPAddressList.class).cluster()
                        .shortNames("ip"),
                resource(net, "v1", "networkpolicies", "NetworkPolicy", NetworkPolicy.class)
                        .list(NetworkPolicyList.class).shortNames("netpol"),
                resource(net, "v1", "servicecidrs", "ServiceCIDR", ServiceCIDR.class).list(ServiceCIDRList.class)
                        .cluster().status(),
                // policy/v1
                resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", PodDisruptionBudget.class)
                        .list(PodDisruptionBudgetList.class).shortNames("pdb").status(),
                // rbac.authorization.k8s.io/v1
                resource(rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", ClusterRoleBinding.class)
                        .list(ClusterRoleBindingList.class).cluster(),
                resource(rbac, "v1", "clusterroles", "ClusterRole", ClusterRole.class).list(ClusterRoleList.class)
                        .cluster(),
                resource(rbac, "v1", "rolebindings", "RoleBinding", RoleBinding.class).list(RoleBindingList.class),
                resource(rbac, "v1", "roles", "Role", Role.class).list(RoleList.class),
                // storage.k8s.io/v1
                resource(storage, "v1", "csidrivers", "CSIDriver", CSIDriver.class).list(CSIDriverList.class)
                        .cluster(),
                resource(storage, "v1", "csinodes", "CSINode", CSINode.class).list(CSINodeList.class).cluster(),
                resource(storage, "v1", "csistoragecapacities", "CSIStorageCapacity", CSIStorageCapacity.class)
                        .list(CSIStorageCapacityList.class),
                resource(storage, "v1", "storageclasses", "StorageClass", StorageClass.class)
                        .list(StorageClassList.class).cluster().shortNames("sc"),
                resource(storage, "v1", "volumeattachments", "VolumeAttachment", VolumeAttachment.class)
                        .list(VolumeAttachmentList.class).cluster().status(),
                // admissionregistration.k8s.io/v1
                resource(adm, "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration",
                        MutatingWebhookConfiguration.class).list(MutatingWebhookConfigurationList.class).cluster()
                        .categories("api-extensions"),
                resource(adm, "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy",
                        ValidatingAdmissionPolicy.class).list(ValidatingAdmissionPolicyList.class).cluster()
                        .categories("api-extensions").status(),
                resource(adm, "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding",
                        ValidatingAdmissionPolicyBinding.class).list(ValidatingAdmissionPolicyBindingList.class)
                        .cluster().categories("api-extensions"),
                resource(adm, "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration",
                        ValidatingWebhookConfiguration.class).list(ValidatingWebhookConfigurationList.class).cluster()
                        .categories("api-extensions"),
                // apiextensions.k8s.io/v1
                resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                        CustomResourceDefinition.class).list(CustomResourceDefinitionList.class).cluster()
                        .shortNames("crd", "crds").categories("api-extensions").status(),
                // apiregistration.k8s.io/v1 (fabric8 keeps APIService in the core model package)
                resource("apiregistration.k8s.io", "v1", "apiservices", "APIService",
                        io.fabric8.kubernetes.api.model.APIService.class)
                        .list(io.fabric8.kubernetes.api.model.APIServiceList.class).cluster()
                        .categories("api-extensions").status(),
                // scheduling, coordination, node, discovery, flowcontrol
                resource("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", PriorityClass.class)
                        .list(PriorityClassList.class).cluster().shortNames("pc"),
                resource("coordination.k8s.io", "v1", "leases", "Lease", Lease.class).list(LeaseList.class),
                resource("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass", RuntimeClass.class)
                        .list(RuntimeClassList.class).cluster(),
                resource("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", EndpointSlice.class)
                        .list(EndpointSliceList.class),
                resource(flow, "v1", "flowschemas", "FlowSchema", FlowSchema.class).list(FlowSchemaList.class)
                        .cluster().status(),
                resource(flow, "v1", "prioritylevelconfigurations", "PriorityLevelConfiguration",
                        PriorityLevelConfiguration.class).list(PriorityLevelConfigurationList.class).cluster().status()
        ).map(ResourceBuilder::build).toList();
    }
}
