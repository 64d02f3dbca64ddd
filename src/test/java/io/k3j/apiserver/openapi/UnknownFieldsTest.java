package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strict field validation over the generated schemas: realistic manifests pass, typos are caught. */
class UnknownFieldsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static OpenApiV3 openApi;
    private static UnknownFields checker;

    @BeforeAll
    static void setUp() {
        openApi = OpenApiV3.build(BuiltinResources.all());
        checker = new UnknownFields(openApi.allSchemas());
    }

    @Test
    void realisticDeploymentHasNoUnknownFields() throws Exception {
        JsonNode deployment = YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                  annotations: {note: x}
                  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: c, uid: "1", controller: true}]
                  managedFields: [{manager: kubectl, operation: Apply, fieldsType: FieldsV1, fieldsV1: {"f:spec": {}}}]
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}
                  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      serviceAccountName: web
                      securityContext: {runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
                      affinity:
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
                      tolerations: [{key: k, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]
                      topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
                      initContainers: [{name: init, image: busybox, command: [sh, -c, "true"]}]
                      containers:
                      - name: web
                        image: nginx:1.27
                        imagePullPolicy: IfNotPresent
                        args: [--port=80]
                        ports: [{containerPort: 80, name: http, protocol: TCP}]
                        env:
                        - {name: A, value: "1"}
                        - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                        - {name: S, valueFrom: {secretKeyRef: {name: s, key: k, optional: true}}}
                        envFrom: [{configMapRef: {name: c}}]
                        resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 100m}}
                        readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
                        livenessProbe: {tcpSocket: {port: 80}, initialDelaySeconds: 3}
                        lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
                        volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
                        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                      volumes:
                      - {name: data, persistentVolumeClaim: {claimName: data}}
                      - {name: cfg, configMap: {name: c, items: [{key: a, path: a}]}}
                      - {name: tmp, emptyDir: {sizeLimit: 1Gi}}
                      - name: proj
                        projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]}
                status:
                  replicas: 2
                  conditions: [{type: Available, status: "True", lastTransitionTime: "2026-01-01T00:00:00Z"}]
                """);
        assertThat(checker.find(schema("apps", "v1", "Deployment"), deployment)).isEmpty();
    }

    @Test
    void otherKindsPass() throws Exception {
        assertThat(checker.find(schema("", "v1", "Service"), YAML.readTree("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec: {type: ClusterIP, selector: {app: web}, ports: [{port: 80, targetPort: http, protocol: TCP}]}
                """))).isEmpty();
        assertThat(checker.find(schema("apiextensions.k8s.io", "v1", "CustomResourceDefinition"), YAML.readTree("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd], categories: [all]}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}, scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}
                    additionalPrinterColumns: [{name: Size, type: integer, jsonPath: .spec.size}]
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                            properties:
                              size: {type: integer, default: 1, minimum: 0}
                              port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                              mode: {type: string, enum: [a, b]}
                            required: [size]
                """))).isEmpty();
        assertThat(checker.find(schema("batch", "v1", "CronJob"), YAML.readTree("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: c}
                spec:
                  schedule: "*/5 * * * *"
                  timeZone: Etc/UTC
                  jobTemplate:
                    spec:
                      backoffLimit: 2
                      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
                """))).isEmpty();
    }

    @Test
    void typosAreReportedWithUpstreamStylePaths() throws Exception {
        JsonNode pod = YAML.readTree("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, lables: {a: b}}
                spec:
                  containers:
                  - name: c
                    imagee: nginx
                    ports: [{containerPort: 80, hostPorts: 1}]
                  restartPolicyy: Always
                """);
        assertThat(checker.find(schema("", "v1", "Pod"), pod)).containsExactly("metadata.lables",
                "spec.containers[0].imagee", "spec.containers[0].ports[0].hostPorts", "spec.restartPolicyy");
    }

    @Test
    void mapsAndFreeFormValuesAcceptAnyKey() throws Exception {
        assertThat(checker.find(schema("", "v1", "ConfigMap"), YAML.readTree("""
                {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {anything: x, other: y}}
                """))).isEmpty();
        assertThat(checker.find(schema("apps", "v1", "ControllerRevision"), YAML.readTree("""
                {apiVersion: apps/v1, kind: ControllerRevision, metadata: {name: r}, revision: 1, data: {spec: {x: 1}}}
                """))).isEmpty();
    }

    private static String schema(String group, String version, String kind) {
        Map<GroupVersionKind, String> names = openApi.schemaNames();
        return names.get(new GroupVersionKind(group, version, kind));
    }
}
