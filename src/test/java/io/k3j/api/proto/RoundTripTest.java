package io.k3j.api.proto;

import static io.k3j.api.proto.Envelopes.meta;
import static io.k3j.api.proto.Envelopes.time;
import static io.k3j.api.proto.Envelopes.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.k3j.api.GroupVersionKind;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Policy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Objects built with the generated builders (which, unlike gogo, write only set fields), wrapped as client-go
 * wraps them, decoded and compared with the JSON upstream's serializer writes for them (hand-written).
 */
class RoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-01-01T00:00:00Z */
    private static final long T0 = 1767225600L;

    @Test
    void podWithSpecialTypesInlineStructsAndPointerZeros() throws Exception {
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(meta("web-0").setNamespace("default").setCreationTimestamp(time(T0))
                        .putLabels("app", "web").putAnnotations("note", "")
                        .addOwnerReferences(Meta.OwnerReference.newBuilder().setApiVersion("apps/v1")
                                .setKind("ReplicaSet").setName("web").setUid("u1").setController(true))
                        .addManagedFields(Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl")
                                .setOperation("Update").setApiVersion("v1").setTime(time(T0)).setFieldsType("FieldsV1")
                                .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(utf8("{\"f:metadata\":{\"f:labels\":{}}}")))))
                .setSpec(V1.PodSpec.newBuilder()
                        .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
                                .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("settings"))
                                        .setDefaultMode(420))))
                        .addContainers(V1.Container.newBuilder().setName("web").setImage("nginx")
                                .setResources(V1.ResourceRequirements.newBuilder()
                                        .putRequests("cpu", quantity("100m")).putLimits("memory", quantity("128Mi")))
                                .addEnv(V1.EnvVar.newBuilder().setName("PW").setValueFrom(V1.EnvVarSource.newBuilder()
                                        .setSecretKeyRef(V1.SecretKeySelector.newBuilder().setKey("pw")
                                                .setLocalObjectReference(V1.LocalObjectReference.newBuilder()
                                                        .setName("creds")))))
                                .setLivenessProbe(V1.Probe.newBuilder().setPeriodSeconds(5)
                                        .setHandler(V1.ProbeHandler.newBuilder().setHttpGet(V1.HTTPGetAction.newBuilder()
                                                .setPath("/").setPort(IntOrString.newBuilder().setType(1)
                                                        .setStrVal("http")))))
                                .setSecurityContext(V1.SecurityContext.newBuilder().setRunAsUser(0)
                                        .setAllowPrivilegeEscalation(false)))
                        .setTerminationGracePeriodSeconds(0))
                .setStatus(V1.PodStatus.newBuilder().setPhase("Running").setStartTime(time(T0 + 61))
                        .addConditions(V1.PodCondition.newBuilder().setType("Ready").setStatus("True")
                                .setLastTransitionTime(time(T0 + 3600)))
                        .addContainerStatuses(V1.ContainerStatus.newBuilder().setName("web").setReady(false)
                                .setRestartCount(0).setImage("nginx").setImageID("")))
                .build();
        assertDecodes(wrap("v1", "Pod", pod), """
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"web-0","namespace":"default","creationTimestamp":"2026-01-01T00:00:00Z",
                   "labels":{"app":"web"},"annotations":{"note":""},
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"u1","controller":true}],
                   "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                     "time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{}}}}]},
                 "spec":{"volumes":[{"name":"cfg","configMap":{"name":"settings","defaultMode":420}}],
                   "containers":[{"name":"web","image":"nginx",
                     "resources":{"limits":{"memory":"128Mi"},"requests":{"cpu":"100m"}},
                     "env":[{"name":"PW","valueFrom":{"secretKeyRef":{"name":"creds","key":"pw"}}}],
                     "livenessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
                     "securityContext":{"runAsUser":0,"allowPrivilegeEscalation":false}}],
                   "terminationGracePeriodSeconds":0},
                 "status":{"phase":"Running","startTime":"2026-01-01T00:01:01Z",
                   "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T01:00:00Z"}],
                   "containerStatuses":[{"name":"web","ready":false,"restartCount":0,"image":"nginx","imageID":""}]}}""");
    }

    @Test
    void deploymentWithIntOrStringAndZeroReplicas() throws Exception {
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
                .setMetadata(meta("web").setGeneration(0).setCreationTimestamp(Meta.Time.getDefaultInstance()))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                                        .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))
                                        .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(0))))
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(meta("").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder()
                                        .setName("web").setImage("nginx")))))
                .build();
        // generation 0 and minReadySeconds 0 are non-pointer omitempty: gone; replicas 0 is a pointer: kept;
        // an empty Time message is Go's zero time: null.
        assertDecodes(wrap("apps/v1", "Deployment", d), """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","creationTimestamp":null},
                 "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}},
                   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}}}}""");
    }

    @Test
    void configMapAndSecretBytes() throws Exception {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(meta("cm")).putData("a", "b").putData("e", "")
                .putBinaryData("bin", ByteString.copyFrom(new byte[] {(byte) 0xff, 0, 1})).setImmutable(false).build();
        assertDecodes(wrap("v1", "ConfigMap", cm), """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"b","e":""},
                 "binaryData":{"bin":"/wAB"},"immutable":false}""");
        V1.Secret s = V1.Secret.newBuilder().setMetadata(meta("s")).setType("Opaque")
                .putData("k", utf8("v")).putData("empty", ByteString.EMPTY).putStringData("plain", "text").build();
        assertDecodes(wrap("v1", "Secret", s), """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"Opaque",
                 "data":{"k":"dg==","empty":""},"stringData":{"plain":"text"}}""");
    }

    @Test
    void serviceWithIntAndStringTargetPorts() throws Exception {
        V1.Service svc = V1.Service.newBuilder().setMetadata(meta("svc"))
                .setSpec(V1.ServiceSpec.newBuilder().setType("ClusterIP").putSelector("app", "web")
                        .addPorts(V1.ServicePort.newBuilder().setName("a").setPort(80).setProtocol("TCP")
                                .setTargetPort(IntOrString.newBuilder().setIntVal(8080)))
                        .addPorts(V1.ServicePort.newBuilder().setName("b").setPort(443)
                                .setTargetPort(IntOrString.newBuilder().setType(1).setStrVal("https")))
                        .setSessionAffinity("ClientIP")
                        .setSessionAffinityConfig(V1.SessionAffinityConfig.newBuilder()
                                .setClientIP(V1.ClientIPConfig.newBuilder().setTimeoutSeconds(0))))
                .build();
        assertDecodes(wrap("v1", "Service", svc), """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc"},
                 "spec":{"ports":[{"name":"a","protocol":"TCP","port":80,"targetPort":8080},
                                  {"name":"b","port":443,"targetPort":"https"}],
                   "selector":{"app":"web"},"type":"ClusterIP","sessionAffinity":"ClientIP",
                   "sessionAffinityConfig":{"clientIP":{"timeoutSeconds":0}}}}""");
    }

    @Test
    void namespaceAndTokenRequest() throws Exception {
        assertDecodes(wrap("v1", "Namespace", V1.Namespace.newBuilder().setMetadata(meta("ns1"))
                .setSpec(V1.NamespaceSpec.newBuilder().addFinalizers("kubernetes")).build()), """
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1"},"spec":{"finalizers":["kubernetes"]}}""");
        V1Authentication.TokenRequest tr = V1Authentication.TokenRequest.newBuilder().setMetadata(meta("sa"))
                .setSpec(V1Authentication.TokenRequestSpec.newBuilder().addAudiences("api").setExpirationSeconds(3600)
                        .setBoundObjectRef(V1Authentication.BoundObjectReference.newBuilder().setKind("Pod")
                                .setApiVersion("v1").setName("web-0").setUID("u2")))
                .build();
        assertDecodes(wrap("authentication.k8s.io/v1", "TokenRequest", tr), """
                {"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{"name":"sa"},
                 "spec":{"audiences":["api"],"expirationSeconds":3600,
                   "boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web-0","uid":"u2"}}}""");
    }

    @Test
    void subjectAccessReviewWithExtraValues() throws Exception {
        V1Authorization.SubjectAccessReview sar = V1Authorization.SubjectAccessReview.newBuilder()
                .setSpec(V1Authorization.SubjectAccessReviewSpec.newBuilder().setUser("alice").addGroups("devs")
                        .putExtra("scopes", V1Authorization.ExtraValue.newBuilder().addItems("a").addItems("b").build())
                        .setResourceAttributes(V1Authorization.ResourceAttributes.newBuilder().setVerb("get")
                                .setResource("pods").setNamespace("default")))
                .setStatus(V1Authorization.SubjectAccessReviewStatus.newBuilder().setAllowed(false))
                .build();
        assertDecodes(wrap("authorization.k8s.io/v1", "SubjectAccessReview", sar), """
                {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
                 "spec":{"resourceAttributes":{"namespace":"default","verb":"get","resource":"pods"},
                   "user":"alice","groups":["devs"],"extra":{"scopes":["a","b"]}},
                 "status":{"allowed":false}}""");
    }

    @Test
    void csrApprovalWithConditions() throws Exception {
        V1Certificates.CertificateSigningRequest csr = V1Certificates.CertificateSigningRequest.newBuilder()
                .setMetadata(meta("csr1").setResourceVersion("9"))
                .setSpec(V1Certificates.CertificateSigningRequestSpec.newBuilder()
                        .setRequest(utf8("-----BEGIN")).setSignerName("kubernetes.io/kube-apiserver-client")
                        .addUsages("client auth").setExpirationSeconds(86400))
                .setStatus(V1Certificates.CertificateSigningRequestStatus.newBuilder()
                        .addConditions(V1Certificates.CertificateSigningRequestCondition.newBuilder().setType("Approved")
                                .setStatus("True").setReason("KubectlApprove").setMessage("ok")
                                .setLastUpdateTime(time(T0)).setLastTransitionTime(time(T0))))
                .build();
        assertDecodes(wrap("certificates.k8s.io/v1", "CertificateSigningRequest", csr), """
                {"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest",
                 "metadata":{"name":"csr1","resourceVersion":"9"},
                 "spec":{"request":"LS0tLS1CRUdJTg==","signerName":"kubernetes.io/kube-apiserver-client",
                   "usages":["client auth"],"expirationSeconds":86400},
                 "status":{"conditions":[{"type":"Approved","status":"True","reason":"KubectlApprove","message":"ok",
                   "lastUpdateTime":"2026-01-01T00:00:00Z","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}""");
    }

    @Test
    void leaseAndEventCarryMicroTime() throws Exception {
        Meta.MicroTime renew = Meta.MicroTime.newBuilder().setSeconds(T0 + 5).setNanos(123_456_789).build();
        V1Coordination.Lease lease = V1Coordination.Lease.newBuilder().setMetadata(meta("kube-scheduler"))
                .setSpec(V1Coordination.LeaseSpec.newBuilder().setHolderIdentity("node-1_abc")
                        .setLeaseDurationSeconds(15).setLeaseTransitions(0).setRenewTime(renew)
                        .setAcquireTime(Meta.MicroTime.newBuilder().setSeconds(T0)))
                .build();
        assertDecodes(wrap("coordination.k8s.io/v1", "Lease", lease), """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"kube-scheduler"},
                 "spec":{"holderIdentity":"node-1_abc","leaseDurationSeconds":15,"leaseTransitions":0,
                   "acquireTime":"2026-01-01T00:00:00.000000Z","renewTime":"2026-01-01T00:00:05.123456Z"}}""");
        V1Events.Event event = V1Events.Event.newBuilder().setMetadata(meta("web.1")).setEventTime(renew)
                .setReportingController("k3j/scheduler").setReportingInstance("i").setAction("Binding")
                .setReason("Scheduled").setType("Normal").setNote("assigned")
                .setRegarding(V1.ObjectReference.newBuilder().setKind("Pod").setName("web-0"))
                .setSeries(V1Events.EventSeries.newBuilder().setCount(2).setLastObservedTime(renew))
                .build();
        assertDecodes(wrap("events.k8s.io/v1", "Event", event), """
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1"},
                 "eventTime":"2026-01-01T00:00:05.123456Z","series":{"count":2,"lastObservedTime":"2026-01-01T00:00:05.123456Z"},
                 "reportingController":"k3j/scheduler","reportingInstance":"i","action":"Binding","reason":"Scheduled",
                 "regarding":{"kind":"Pod","name":"web-0"},"note":"assigned","type":"Normal"}""");
    }

    @Test
    void controllerRevisionEmbedsRawJson() throws Exception {
        V1Apps.ControllerRevision cr = V1Apps.ControllerRevision.newBuilder().setMetadata(meta("web-1"))
                .setData(io.kubernetes.client.proto.Runtime.RawExtension.newBuilder()
                        .setRaw(utf8("{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}")))
                .setRevision(1).build();
        assertDecodes(wrap("apps/v1", "ControllerRevision", cr), """
                {"apiVersion":"apps/v1","kind":"ControllerRevision","metadata":{"name":"web-1"},
                 "data":{"spec":{"template":{"$patch":"replace"}}},"revision":1}""");
    }

    @Test
    void customResourceDefinitionSchemaUnions() throws Exception {
        V1Apiextensions.JSONSchemaProps replicas = V1Apiextensions.JSONSchemaProps.newBuilder().setType("integer")
                .setMinimum(0).setMaximum(5.5).setDefault(json("1")).build();
        V1Apiextensions.JSONSchemaProps schema = V1Apiextensions.JSONSchemaProps.newBuilder().setType("object")
                .putProperties("replicas", replicas)
                .putProperties("mode", V1Apiextensions.JSONSchemaProps.newBuilder().setType("string")
                        .addEnum(json("\"a\"")).addEnum(json("\"b\"")).build())
                .putProperties("port", V1Apiextensions.JSONSchemaProps.newBuilder().setXKubernetesIntOrString(true)
                        .build())
                .putProperties("tags", V1Apiextensions.JSONSchemaProps.newBuilder().setType("array")
                        .setXKubernetesListType("set")
                        .setItems(V1Apiextensions.JSONSchemaPropsOrArray.newBuilder()
                                .setSchema(V1Apiextensions.JSONSchemaProps.newBuilder().setType("string")))
                        .build())
                .setAdditionalProperties(V1Apiextensions.JSONSchemaPropsOrBool.newBuilder().setAllows(false))
                .setXKubernetesPreserveUnknownFields(true)
                .build();
        V1Apiextensions.CustomResourceDefinition crd = V1Apiextensions.CustomResourceDefinition.newBuilder()
                .setMetadata(meta("foos.example.com"))
                .setSpec(V1Apiextensions.CustomResourceDefinitionSpec.newBuilder().setGroup("example.com")
                        .setScope("Namespaced")
                        .setNames(V1Apiextensions.CustomResourceDefinitionNames.newBuilder().setPlural("foos")
                                .setKind("Foo"))
                        .addVersions(V1Apiextensions.CustomResourceDefinitionVersion.newBuilder().setName("v1")
                                .setServed(true).setStorage(false)
                                .setSchema(V1Apiextensions.CustomResourceValidation.newBuilder()
                                        .setOpenAPIV3Schema(schema))))
                .build();
        assertDecodes(wrap("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd), """
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"foos.example.com"},
                 "spec":{"group":"example.com","names":{"plural":"foos","kind":"Foo"},"scope":"Namespaced",
                   "versions":[{"name":"v1","served":true,"storage":false,"schema":{"openAPIV3Schema":{
                     "type":"object","additionalProperties":false,"x-kubernetes-preserve-unknown-fields":true,
                     "properties":{
                       "replicas":{"type":"integer","minimum":0,"maximum":5.5,"default":1},
                       "mode":{"type":"string","enum":["a","b"]},
                       "port":{"x-kubernetes-int-or-string":true},
                       "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}}}}}]}}""");
    }

    @Test
    void deleteOptionsEvictionScaleBinding() throws Exception {
        Meta.DeleteOptions options = Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0)
                .setPropagationPolicy("Background").addDryRun("All")
                .setPreconditions(Meta.Preconditions.newBuilder().setUid("u1")).build();
        // client-go stamps DeleteOptions with the group version of the client that sends it.
        DecodedBody decoded = ProtobufBody.decode(wrap("apps/v1", "DeleteOptions", options),
                new GroupVersionKind("apps", "v1", "DeleteOptions"));
        assertThat(JsonDiff.paths(JSON.readTree("""
                {"apiVersion":"apps/v1","kind":"DeleteOptions","gracePeriodSeconds":0,
                 "preconditions":{"uid":"u1"},"propagationPolicy":"Background","dryRun":["All"]}"""),
                decoded.object())).isEmpty();

        V1Policy.Eviction eviction = V1Policy.Eviction.newBuilder().setMetadata(meta("web-0").setNamespace("default"))
                .setDeleteOptions(Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(30)).build();
        assertDecodes(wrap("policy/v1", "Eviction", eviction), """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web-0","namespace":"default"},
                 "deleteOptions":{"gracePeriodSeconds":30}}""");
        V1Autoscaling.Scale scale = V1Autoscaling.Scale.newBuilder().setMetadata(meta("web"))
                .setSpec(V1Autoscaling.ScaleSpec.newBuilder().setReplicas(3)).build();
        assertDecodes(wrap("autoscaling/v1", "Scale", scale), """
                {"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":3}}""");
        V1.Binding binding = V1.Binding.newBuilder().setMetadata(meta("web-0"))
                .setTarget(V1.ObjectReference.newBuilder().setKind("Node").setName("node-1")).build();
        assertDecodes(wrap("v1", "Binding", binding), """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"web-0"},
                 "target":{"kind":"Node","name":"node-1"}}""");
    }

    private static void assertDecodes(byte[] body, String expectedJson) throws Exception {
        JsonNode expected = JSON.readTree(expectedJson);
        DecodedBody decoded = ProtobufBody.decode(body);
        assertThat(JsonDiff.paths(expected, decoded.object())).isEmpty();
        assertThat(decoded.object().fieldNames().next()).isEqualTo("apiVersion");
        assertThat(decoded.kind().apiVersion()).isEqualTo(expected.path("apiVersion").asText());
    }

    private static Quantity quantity(String s) {
        return Quantity.newBuilder().setString(s).build();
    }

    private static V1Apiextensions.JSON json(String raw) {
        return V1Apiextensions.JSON.newBuilder().setRaw(utf8(raw)).build();
    }

    private static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }
}
