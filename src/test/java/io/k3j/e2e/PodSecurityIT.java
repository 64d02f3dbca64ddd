package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pod Security admission in a real k3j driven by real kubectl: namespace labels, the upstream refusal for every
 * restricted control, {@code Warning:} lines on kubectl's stderr, a cluster-wide default and an exemption from
 * an admission configuration file, existing-pod warnings on relabelling, and the audit annotations.
 */
@Tag("e2e")
class PodSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pod that passes restricted; each case breaks one control in it. */
    private static final String GOOD_CONTAINER = """
              - name: c
                image: nginx
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: ["ALL"]%s}
            %s""";

    private static Path dir;
    private static Path auditLog;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-podsec");
        // The cluster default is baseline enforced, restricted warned; one namespace is exempt.
        Path admission = Files.writeString(dir.resolve("admission.yaml"), """
                apiVersion: apiserver.config.k8s.io/v1
                kind: AdmissionConfiguration
                plugins:
                - name: PodSecurity
                  configuration:
                    apiVersion: pod-security.admission.config.k8s.io/v1
                    kind: PodSecurityConfiguration
                    defaults:
                      enforce: baseline
                      enforce-version: latest
                      warn: restricted
                      warn-version: latest
                    exemptions:
                      namespaces: [kube-system, psa-exempt]
                """);
        Path policy = Files.writeString(dir.resolve("audit-policy.yaml"), """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: ["RequestReceived"]
                rules:
                - level: Metadata
                  resources:
                  - group: ""
                    resources: ["pods"]
                - level: None
                """);
        auditLog = dir.resolve("audit.log");
        k3j = K3jProcess.start(dir.resolve("data"), K3jProcess.freePort(),
                "--kube-apiserver-arg", "admission-control-config-file=" + admission,
                "--kube-apiserver-arg", "audit-log-path=" + auditLog,
                "--kube-apiserver-arg", "audit-policy-file=" + policy).awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(k3j.kubeconfig());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (k3j != null) {
                k3j.close();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void namespace(String name, String... labels) {
        kubectl.run("create", "namespace", name).assertOk();
        if (labels.length > 0) {
            List<String> args = new ArrayList<>(List.of("label", "namespace", name));
            args.addAll(List.of(labels));
            kubectl.run(args.toArray(String[]::new)).assertOk();
        }
    }

    private static Kubectl.Result apply(String namespace, String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "obj", ".yaml");
        Files.writeString(f, yaml);
        return kubectl.run("apply", "-n", namespace, "-f", f.toString());
    }

    /** A pod named {@code name}: extra pod-level spec, then one container with extra capabilities/fields. */
    private static String pod(String name, String podSpec, String capabilities, String containerExtra) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n"
                + "  securityContext:\n    runAsNonRoot: true\n    seccompProfile: {type: RuntimeDefault}\n"
                + podSpec + "  containers:\n" + GOOD_CONTAINER.formatted(capabilities, containerExtra);
    }

    private static String forbidden(Kubectl.Result r) {
        assertThat(r.code()).as(r.err()).isNotZero();
        return r.err().strip();
    }

    @Test
    void restrictedRefusesEachControlWithUpstreamsMessage() throws Exception {
        namespace("psa-restricted", "pod-security.kubernetes.io/enforce=restricted");
        String prefix = "pods \"%s\" is forbidden: violates PodSecurity \"restricted:latest\": ";
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("privileged", new String[]{pod("privileged", "", "", "      privileged: true\n"),
                "privileged (container \"c\" must not set securityContext.privileged=true)"});
        cases.put("host-ns", new String[]{pod("host-ns", "  hostNetwork: true\n  hostPID: true\n", "", ""),
                "host namespaces (hostNetwork=true, hostPID=true)"});
        cases.put("host-path", new String[]{pod("host-path", "  volumes:\n  - name: etc\n    hostPath: {path: /etc}\n", "", ""),
                "restricted volume types (volume \"etc\" uses restricted volume type \"hostPath\")"});
        cases.put("nfs", new String[]{pod("nfs", "  volumes:\n  - name: share\n    nfs: {server: nas, path: /x}\n", "", ""),
                "restricted volume types (volume \"share\" uses restricted volume type \"nfs\")"});
        cases.put("host-port", new String[]{pod("host-port", "", "", "    ports:\n    - {containerPort: 80, hostPort: 8080}\n"),
                "hostPort (container \"c\" uses hostPort 8080)"});
        cases.put("caps", new String[]{pod("caps", "", ", add: [\"NET_RAW\"]", ""),
                "unrestricted capabilities (container \"c\" must not include \"NET_RAW\" in securityContext.capabilities.add)"});
        cases.put("root", new String[]{pod("root", "", "", "      runAsNonRoot: false\n"),
                "runAsNonRoot != true (container \"c\" must not set securityContext.runAsNonRoot=false)"});
        cases.put("uid0", new String[]{pod("uid0", "", "", "      runAsUser: 0\n"),
                "runAsUser=0 (container \"c\" must not set runAsUser=0)"});
        cases.put("unconfined", new String[]{pod("unconfined", "", "", "      seccompProfile: {type: Unconfined}\n"),
                "seccompProfile (container \"c\" must not set securityContext.seccompProfile.type to \"Unconfined\")"});
        cases.put("escalate", new String[]{pod("escalate", "", "", "").replace("allowPrivilegeEscalation: false",
                "allowPrivilegeEscalation: true"),
                "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false)"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String err = forbidden(apply("psa-restricted", c.getValue()[0]));
            assertThat(err).as(c.getKey()).startsWith("Error from server (Forbidden): error when creating")
                    .endsWith(prefix.formatted(c.getKey()) + c.getValue()[1]);
        }
        Kubectl.Result bare = apply("psa-restricted", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bare}
                spec:
                  containers: [{name: c, image: nginx}]
                """);
        assertThat(forbidden(bare)).endsWith(prefix.formatted("bare")
                + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
                + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
                + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");

        Kubectl.Result good = apply("psa-restricted", pod("good", "", "", "")).assertOk();
        assertThat(good.err()).doesNotContain("Warning");
        assertThat(kubectl.run("get", "pods", "-n", "psa-restricted", "-o", "name").assertOk().out().strip())
                .isEqualTo("pod/good");

        JsonNode refused = awaitAuditEvent(e -> created(e, "psa-restricted", "bare"));
        assertThat(refused.path("responseStatus").path("code").asInt()).isEqualTo(403);
        assertThat(refused.path("annotations").path("pod-security.kubernetes.io/enforce-policy").asText())
                .isEqualTo("restricted:latest");
    }

    @Test
    void warnModeShowsWarningLinesAndAdmits() throws Exception {
        namespace("psa-warn", "pod-security.kubernetes.io/enforce=privileged",
                "pod-security.kubernetes.io/warn=baseline", "pod-security.kubernetes.io/audit=restricted");
        Kubectl.Result r = apply("psa-warn", """
                apiVersion: v1
                kind: Pod
                metadata: {name: priv}
                spec:
                  hostNetwork: true
                  containers:
                  - name: c
                    image: nginx
                    securityContext: {privileged: true}
                """).assertOk();
        assertThat(r.err()).contains("Warning: would violate PodSecurity \"baseline:latest\": host namespaces "
                + "(hostNetwork=true), privileged (container \"c\" must not set securityContext.privileged=true)");
        assertThat(r.out()).contains("pod/priv created");
        JsonNode audited = awaitAuditEvent(e -> created(e, "psa-warn", "priv"));
        assertThat(audited.path("annotations").path("pod-security.kubernetes.io/audit-violations").asText())
                .startsWith("would violate PodSecurity \"restricted:latest\": host namespaces (hostNetwork=true), privileged");
    }

    @Test
    void theClusterDefaultFromTheAdmissionConfigurationApplies() throws Exception {
        namespace("psa-default");
        Kubectl.Result priv = apply("psa-default", """
                apiVersion: v1
                kind: Pod
                metadata: {name: priv}
                spec:
                  containers:
                  - {name: c, image: nginx, securityContext: {privileged: true}}
                """);
        assertThat(forbidden(priv)).endsWith("pods \"priv\" is forbidden: violates PodSecurity \"baseline:latest\": "
                + "privileged (container \"c\" must not set securityContext.privileged=true)");
        Kubectl.Result bare = apply("psa-default", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bare}
                spec:
                  containers: [{name: c, image: nginx}]
                """).assertOk();
        assertThat(bare.err()).contains("Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false");

        // Workloads are warned about when applied, never refused.
        Kubectl.Result deploy = apply("psa-default", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 0
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: c, image: nginx, securityContext: {privileged: true}}
                """).assertOk();
        assertThat(deploy.err()).contains("Warning: would violate PodSecurity \"restricted:latest\": privileged "
                + "(container \"c\" must not set securityContext.privileged=true)");

        namespace("psa-exempt");
        assertThat(apply("psa-exempt", """
                apiVersion: v1
                kind: Pod
                metadata: {name: priv}
                spec:
                  hostPID: true
                  containers:
                  - {name: c, image: nginx, securityContext: {privileged: true}}
                """).assertOk().err()).doesNotContain("Warning");
        JsonNode exempt = awaitAuditEvent(e -> created(e, "psa-exempt", "priv"));
        assertThat(exempt.path("annotations").path("pod-security.kubernetes.io/exempt").asText()).isEqualTo("namespace");
    }

    @Test
    void relabellingANamespaceWarnsAboutItsPodsAndRefusesBadValues() throws Exception {
        namespace("psa-relabel");
        for (String name : new String[]{"b", "a"}) {
            apply("psa-relabel", "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + "}\nspec:\n"
                    + "  containers: [{name: c, image: nginx}]\n").assertOk();
        }
        Kubectl.Result label = kubectl.run("label", "namespace", "psa-relabel",
                "pod-security.kubernetes.io/enforce=restricted").assertOk();
        assertThat(label.err()).contains(
                "Warning: existing pods in namespace \"psa-relabel\" violate the new PodSecurity enforce level \"restricted:latest\"\n"
                        + "Warning: a (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, "
                        + "runAsNonRoot != true, seccompProfile");
        assertThat(label.out()).contains("namespace/psa-relabel labeled");

        Kubectl.Result bad = kubectl.run("label", "--overwrite", "namespace", "psa-relabel",
                "pod-security.kubernetes.io/enforce=strict");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err()).contains("metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": "
                + "must be one of privileged, baseline, restricted");
        assertThat(kubectl.run("get", "namespace", "psa-relabel", "-o",
                "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}").assertOk().out()).isEqualTo("restricted");
    }

    private static boolean created(JsonNode event, String namespace, String name) {
        return event.path("verb").asText().equals("create")
                && event.path("objectRef").path("namespace").asText().equals(namespace)
                && event.path("objectRef").path("name").asText().equals(name);
    }

    private static List<JsonNode> auditEvents() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(auditLog)) {
            for (String line : Files.readAllLines(auditLog)) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /** The audit writer flushes asynchronously: wait for the event to appear. */
    private static JsonNode awaitAuditEvent(Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : auditEvents()) {
                if (match.test(e) && e.path("stage").asText().equals("ResponseComplete")) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching audit event in:\n"
                + (Files.exists(auditLog) ? Files.readString(auditLog) : "(no log)"));
    }
}
