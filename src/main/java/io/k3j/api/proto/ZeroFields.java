package io.k3j.api.proto;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fields whose zero value upstream's JSON keeps: Go pointers ({@code *int32}, {@code *bool},
 * {@code *string}; set-to-zero differs from unset, e.g. {@code replicas: 0}, {@code automountServiceAccountToken:
 * false}, {@code storageClassName: ""}) and fields whose {@code json} tag has no {@code omitempty}.
 * <p>
 * Why a table: the wire cannot tell them apart from the non-pointer {@code omitempty} majority, because gogo
 * writes every non-pointer scalar even when zero, and the descriptors carry no Go types. Taken from the Go types
 * of k8s.io/api 1.33 for the kinds clients send; a field missing here loses only a zero value that is also Go's
 * default, except for pointer fields, so pointer fields are the ones to add when a new kind matters. A list or
 * map listed here is written as {@code null} when absent, as Go writes a nil slice without omitempty.
 * KubectlProtobufTest#zeroValuesInThePodTemplateMatchGo checks the whole JobSpec/PodSpec tree against kubectl.
 */
final class ZeroFields {

    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("core", "k8s.io.api.core.v1"),
            Map.entry("meta", ProtoSchemas.META_PACKAGE),
            Map.entry("apps", "k8s.io.api.apps.v1"),
            Map.entry("batch", "k8s.io.api.batch.v1"),
            Map.entry("rbac", "k8s.io.api.rbac.v1"),
            Map.entry("authn", "k8s.io.api.authentication.v1"),
            Map.entry("authz", "k8s.io.api.authorization.v1"),
            Map.entry("certs", "k8s.io.api.certificates.v1"),
            Map.entry("policy", "k8s.io.api.policy.v1"),
            Map.entry("as1", "k8s.io.api.autoscaling.v1"),
            Map.entry("as2", "k8s.io.api.autoscaling.v2"),
            Map.entry("net", "k8s.io.api.networking.v1"),
            Map.entry("storage", "k8s.io.api.storage.v1"),
            Map.entry("sched", "k8s.io.api.scheduling.v1"),
            Map.entry("coord", "k8s.io.api.coordination.v1"),
            Map.entry("disc", "k8s.io.api.discovery.v1"),
            Map.entry("node", "k8s.io.api.node.v1"),
            Map.entry("flow", "k8s.io.api.flowcontrol.v1"),
            Map.entry("adm", "k8s.io.api.admissionregistration.v1"),
            Map.entry("ext", "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1"));

    /** {@code package:Message field field …} with proto field names, one message a line. */
    private static final String TABLE = """
            core:PodSpec terminationGracePeriodSeconds activeDeadlineSeconds automountServiceAccountToken \
            shareProcessNamespace priority enableServiceLinks preemptionPolicy runtimeClassName setHostnameAsFQDN hostUsers
            core:Container name restartPolicy
            core:EphemeralContainerCommon name restartPolicy
            core:SecurityContext privileged runAsUser runAsGroup runAsNonRoot readOnlyRootFilesystem \
            allowPrivilegeEscalation procMount
            core:PodSecurityContext runAsUser runAsGroup runAsNonRoot fsGroup fsGroupChangePolicy \
            supplementalGroupsPolicy seLinuxChangePolicy
            core:WindowsSecurityContextOptions gmsaCredentialSpecName gmsaCredentialSpec runAsUserName hostProcess
            core:SeccompProfile type localhostProfile
            core:AppArmorProfile type localhostProfile
            core:Lifecycle stopSignal
            core:ContainerResizePolicy resourceName restartPolicy
            core:ResourceClaim name
            core:AWSElasticBlockStoreVolumeSource volumeID
            core:AzureDiskVolumeSource diskName diskURI cachingMode fsType readOnly kind
            core:AzureFileVolumeSource secretName shareName
            core:CephFSVolumeSource monitors
            core:CinderVolumeSource volumeID
            core:FCVolumeSource lun
            core:FlexVolumeSource driver
            core:GCEPersistentDiskVolumeSource pdName
            core:GitRepoVolumeSource repository
            core:GlusterfsVolumeSource endpoints path
            core:ISCSIVolumeSource targetPortal iqn lun initiatorName
            core:NFSVolumeSource server path
            core:PhotonPersistentDiskVolumeSource pdID
            core:PortworxVolumeSource volumeID
            core:ClusterTrustBundleProjection name signerName optional path
            core:QuobyteVolumeSource registry volume
            core:RBDVolumeSource monitors image
            core:ScaleIOVolumeSource gateway system
            core:VsphereVirtualDiskVolumeSource volumePath
            core:Probe terminationGracePeriodSeconds
            core:GRPCAction port service
            core:SleepAction seconds
            core:ContainerPort containerPort
            core:EnvVar name
            core:HTTPHeader name value
            core:Sysctl name value
            core:PodReadinessGate conditionType
            core:PortStatus port protocol error
            core:ObjectFieldSelector fieldPath
            core:ResourceFieldSelector resource
            core:ConfigMapKeySelector key optional
            core:SecretKeySelector key optional
            core:ConfigMapEnvSource optional
            core:SecretEnvSource optional
            core:VolumeMount name mountPath recursiveReadOnly mountPropagation
            core:VolumeDevice name devicePath
            core:Volume name
            core:SecretVolumeSource defaultMode optional
            core:ConfigMapVolumeSource defaultMode optional
            core:ConfigMapProjection optional
            core:SecretProjection optional
            core:ProjectedVolumeSource defaultMode
            core:DownwardAPIVolumeSource defaultMode
            core:DownwardAPIVolumeFile path mode
            core:KeyToPath key path mode
            core:ServiceAccountTokenProjection expirationSeconds path
            core:HostPathVolumeSource path type
            core:CSIVolumeSource driver readOnly fsType
            core:PersistentVolumeClaimVolumeSource claimName
            core:EmptyDirVolumeSource sizeLimit
            core:Toleration tolerationSeconds
            core:TopologySpreadConstraint maxSkew topologyKey whenUnsatisfiable minDomains nodeAffinityPolicy \
            nodeTaintsPolicy
            core:WeightedPodAffinityTerm weight
            core:PreferredSchedulingTerm weight
            core:PodAffinityTerm topologyKey
            core:NodeSelectorRequirement key operator
            core:Taint key effect
            core:PodDNSConfigOption value
            core:PodResourceClaim name resourceClaimName resourceClaimTemplateName
            core:PodSchedulingGate name
            core:HostAlias ip
            core:ServiceSpec allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy ipFamilyPolicy \
            trafficDistribution
            core:ServicePort port appProtocol
            core:LoadBalancerIngress ipMode
            core:ScopedResourceSelectorRequirement scopeName operator
            core:ClientIPConfig timeoutSeconds
            core:EndpointPort port appProtocol
            core:EndpointAddress ip hostname nodeName
            core:PersistentVolumeClaimSpec storageClassName volumeMode volumeAttributesClassName
            core:PersistentVolumeSpec volumeMode volumeAttributesClassName
            core:ConfigMap immutable
            core:Secret immutable
            core:ServiceAccount automountServiceAccountToken
            core:ReplicationControllerSpec replicas
            core:ReplicationControllerStatus replicas
            core:ContainerStatus name ready restartCount image imageID started stopSignal
            core:ResourceStatus name
            core:ResourceHealth resourceID
            core:LinuxContainerUser uid gid
            core:VolumeMountStatus name mountPath recursiveReadOnly
            core:HostIP ip
            core:PodIP ip
            core:PodResourceClaimStatus name resourceClaimName
            core:ConfigMapNodeConfigSource namespace name kubeletConfigKey
            core:NodeFeatures supplementalGroupsPolicy
            core:NodeSystemInfo machineID systemUUID bootID kernelVersion osImage containerRuntimeVersion \
            kubeletVersion kubeProxyVersion operatingSystem architecture
            core:NodeSwapStatus capacity
            core:NodeRuntimeHandlerFeatures recursiveReadOnlyMounts userNamespaces
            core:NodeRuntimeHandler name
            core:AttachedVolume name devicePath
            core:Event reportingComponent reportingInstance
            core:ContainerStateTerminated exitCode
            core:PodCondition type status
            core:NodeCondition type status
            core:NodeAddress type address
            core:DaemonEndpoint Port
            core:PodOS name
            core:TypedLocalObjectReference apiGroup kind name
            core:TypedObjectReference apiGroup kind name namespace
            meta:ObjectMeta deletionGracePeriodSeconds
            meta:ListMeta remainingItemCount
            meta:OwnerReference apiVersion kind name uid controller blockOwnerDeletion
            meta:DeleteOptions gracePeriodSeconds orphanDependents propagationPolicy
            meta:Preconditions uid resourceVersion
            meta:LabelSelectorRequirement key operator
            meta:Condition type status reason message
            apps:DeploymentSpec replicas revisionHistoryLimit progressDeadlineSeconds
            apps:DeploymentStatus terminatingReplicas collisionCount
            apps:ReplicaSetStatus terminatingReplicas
            apps:ReplicaSetSpec replicas
            apps:ReplicaSetStatus replicas
            apps:StatefulSetSpec replicas revisionHistoryLimit
            apps:StatefulSetStatus replicas
            apps:RollingUpdateStatefulSetStrategy partition
            apps:DaemonSetSpec revisionHistoryLimit
            apps:DaemonSetStatus currentNumberScheduled numberMisscheduled desiredNumberScheduled numberReady \
            collisionCount
            apps:ControllerRevision revision
            batch:JobSpec parallelism completions activeDeadlineSeconds backoffLimit backoffLimitPerIndex \
            maxFailedIndexes manualSelector ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy
            batch:JobStatus failedIndexes ready terminating
            batch:CronJobSpec schedule startingDeadlineSeconds suspend successfulJobsHistoryLimit \
            failedJobsHistoryLimit timeZone
            batch:PodFailurePolicyRule action
            batch:PodFailurePolicyOnExitCodesRequirement containerName operator values
            batch:PodFailurePolicyOnPodConditionsPattern type status
            batch:SuccessPolicyRule succeededIndexes succeededCount
            rbac:PolicyRule verbs
            rbac:Subject kind name
            rbac:RoleRef apiGroup kind name
            authn:TokenRequestSpec expirationSeconds
            authn:TokenRequestStatus token
            authz:SubjectAccessReviewStatus allowed
            authz:SubjectRulesReviewStatus incomplete
            certs:CertificateSigningRequestSpec signerName expirationSeconds request
            certs:CertificateSigningRequestCondition type status
            policy:PodDisruptionBudgetSpec unhealthyPodEvictionPolicy
            policy:PodDisruptionBudgetStatus disruptionsAllowed currentHealthy desiredHealthy expectedPods
            as1:HorizontalPodAutoscalerSpec minReplicas maxReplicas targetCPUUtilizationPercentage
            as1:HorizontalPodAutoscalerStatus currentReplicas desiredReplicas observedGeneration \
            currentCPUUtilizationPercentage
            as1:CrossVersionObjectReference kind name
            as1:ScaleStatus replicas
            as2:HorizontalPodAutoscalerSpec minReplicas maxReplicas
            as2:HorizontalPodAutoscalerStatus desiredReplicas currentMetrics observedGeneration
            as2:CrossVersionObjectReference kind name
            as2:MetricSpec type
            as2:MetricStatus type
            as2:MetricIdentifier name
            as2:ResourceMetricSource name
            as2:ResourceMetricStatus name
            as2:ContainerResourceMetricSource name container
            as2:ContainerResourceMetricStatus name container
            as2:MetricValueStatus averageUtilization
            as2:HPAScalingRules stabilizationWindowSeconds selectPolicy
            as2:HPAScalingPolicy type value periodSeconds
            as2:MetricTarget type averageUtilization
            net:IngressSpec ingressClassName
            net:IngressServiceBackend name
            net:IngressPortStatus port protocol error
            net:HTTPIngressPath pathType
            net:NetworkPolicyPort protocol endPort
            net:IngressClassParametersReference aPIGroup scope namespace
            storage:StorageClass reclaimPolicy allowVolumeExpansion volumeBindingMode
            storage:CSIDriverSpec attachRequired podInfoOnMount storageCapacity fsGroupPolicy requiresRepublish \
            seLinuxMount nodeAllocatableUpdatePeriodSeconds
            storage:VolumeAttachmentSource persistentVolumeName
            storage:VolumeAttachmentStatus attached
            storage:VolumeNodeResources count
            sched:PriorityClass value preemptionPolicy
            coord:LeaseSpec holderIdentity leaseDurationSeconds leaseTransitions strategy preferredHolder
            disc:EndpointConditions ready serving terminating
            disc:EndpointPort name protocol port appProtocol
            disc:Endpoint addresses hostname nodeName zone
            disc:EndpointSlice addressType endpoints
            node:RuntimeClass handler
            flow:LimitedPriorityLevelConfiguration nominalConcurrencyShares lendablePercent borrowingLimitPercent
            flow:ExemptPriorityLevelConfiguration nominalConcurrencyShares lendablePercent
            adm:ValidatingWebhook failurePolicy matchPolicy sideEffects timeoutSeconds
            adm:MutatingWebhook failurePolicy matchPolicy sideEffects timeoutSeconds reinvocationPolicy
            adm:WebhookClientConfig url
            adm:ServiceReference path port
            adm:ValidatingAdmissionPolicySpec failurePolicy
            ext:CustomResourceDefinitionVersion served storage
            ext:ServiceReference path port
            ext:WebhookClientConfig url
            ext:CustomResourceSubresourceScale labelSelectorPath
            ext:ValidationRule reason optionalOldSelf
            ext:JSONSchemaProps maximum minimum maxLength minLength maxItems minItems maxProperties minProperties \
            multipleOf xKubernetesPreserveUnknownFields xKubernetesListType xKubernetesMapType
            """;

    private static final Set<String> KEEP = parse();

    private ZeroFields() {
    }

    static boolean keep(String messageFullName, String protoFieldName) {
        // Every *Condition type has json:"type" and json:"status" without omitempty.
        if (messageFullName.endsWith("Condition")
                && (protoFieldName.equals("type") || protoFieldName.equals("status"))) {
            return true;
        }
        return KEEP.contains(messageFullName + "." + protoFieldName);
    }

    private static Set<String> parse() {
        Set<String> keep = new HashSet<>();
        for (String line : TABLE.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            int colon = words[0].indexOf(':');
            String message = PACKAGES.get(words[0].substring(0, colon)) + "." + words[0].substring(colon + 1);
            for (int i = 1; i < words.length; i++) {
                keep.add(message + "." + words[i]);
            }
        }
        return Set.copyOf(keep);
    }
}
