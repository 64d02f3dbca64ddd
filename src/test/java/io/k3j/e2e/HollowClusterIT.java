package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end acceptance that needs a scheduler and nodes: the packaged k3j with three hollow nodes,
 * driven by real kubectl 1.33. Workloads become Ready because the hollow nodes report their pods so; annotations on
 * pod templates make pods succeed, fail or stay unready, and an annotation on a Node silences its heartbeats.
 * The CronJob is created first and checked last so its up-to-a-minute wait overlaps the other tests.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HollowClusterIT {

    private static final Set<String> NODES = Set.of("hollow-0", "hollow-1", "hollow-2");
    private static Path dir;
    private static K3jProcess k3j;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        dir = Files.createTempDirectory("k3j-hollow");
        k3j = K3jProcess.start(dir.resolve("data"), K3jProcess.freePort(), "--hollow-nodes", "3",
                "--hollow-node-capacity", "cpu=4,memory=8Gi,pods=110",
                "--kube-controller-manager-arg", "node-monitor-grace-period=15s").awaitReady(Duration.ofSeconds(90));
        kubectl = new Kubectl(k3j.kubeconfig());
        eventually("three Ready hollow nodes", () -> get("get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}")
                .equals("hollow-0=True hollow-1=True hollow-2=True"));
        get("create", "namespace", "cron");
        get("-n", "cron", "create", "cronjob", "tick", "--image=busybox", "--schedule=*/1 * * * *");
    }

    @AfterAll
    static void stop() throws Exception {
        if (k3j != null) {
            k3j.close();
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void deploymentRolloutScaleUpdateUndoPauseResume() {
        String ns = namespace("deploy");
        get("-n", ns, "create", "deployment", "web", "--image=nginx:1.25", "--replicas=3");
        rolloutStatus(ns, "deployment/web");
        assertThat(get("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}/{.status.availableReplicas}"))
                .isEqualTo("3/3");
        assertThat(podNodes(ns, "app=web")).allMatch(NODES::contains);
        String rs1 = get("-n", ns, "get", "rs", "-o", "jsonpath={.items[0].metadata.name}");

        get("-n", ns, "scale", "deployment", "web", "--replicas=5");
        rolloutStatus(ns, "deployment/web");
        assertThat(get("-n", ns, "get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}")).isEqualTo("5");

        get("-n", ns, "set", "image", "deployment/web", "nginx=nginx:1.26");
        rolloutStatus(ns, "deployment/web");
        awaitImages(ns, "nginx:1.26");
        assertThat(get("-n", ns, "get", "rs", rs1, "-o", "jsonpath={.spec.replicas}")).isEqualTo("0");

        get("-n", ns, "rollout", "undo", "deployment/web");
        rolloutStatus(ns, "deployment/web");
        awaitImages(ns, "nginx:1.25");
        assertThat(get("-n", ns, "get", "rs", rs1, "-o", "jsonpath={.status.readyReplicas}")).isEqualTo("5");

        get("-n", ns, "rollout", "pause", "deployment/web");
        get("-n", ns, "set", "image", "deployment/web", "nginx=nginx:1.27");
        eventually("the paused deployment to observe the new template", () -> get("-n", ns, "get", "deployment", "web",
                "-o", "jsonpath={.status.observedGeneration}").equals(get("-n", ns, "get", "deployment", "web", "-o",
                "jsonpath={.metadata.generation}")));
        assertThat(get("-n", ns, "get", "rs", "-o", "name").lines()).hasSize(2); // no ReplicaSet for 1.27 while paused
        assertThat(images(ns, "app=web")).containsOnly("nginx:1.25");
        get("-n", ns, "rollout", "resume", "deployment/web");
        rolloutStatus(ns, "deployment/web");
        awaitImages(ns, "nginx:1.27");

        String describe = get("-n", ns, "describe", "deployment", "web");
        assertThat(describe).contains("Replicas:               5 desired | 5 updated | 5 total | 5 available | 0 unavailable",
                "Available      True    MinimumReplicasAvailable", "Progressing    True    NewReplicaSetAvailable",
                "ScalingReplicaSet", "Scaled up replica set " + rs1 + " to 3");
        assertThat(get("-n", ns, "describe", "rs", rs1)).contains("SuccessfulCreate",
                "SuccessfulDelete", "Created pod: " + rs1 + "-");
        String pod = get("-n", ns, "get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}");
        String node = get("-n", ns, "get", "pod", pod, "-o", "jsonpath={.spec.nodeName}");
        assertThat(get("-n", ns, "describe", "pod", pod)).contains("Status:           Running", "Node:             " + node + "/",
                "Ready                       True", "PodScheduled                True",
                "Scheduled", "Successfully assigned " + ns + "/" + pod + " to " + node);
        deleteNamespace(ns);
    }

    @Test
    @Order(2)
    void statefulSetOrderedReadyAndPartitionedUpdate() throws IOException {
        String ns = namespace("sts");
        // Pods start unready (template annotation): each must wait for its predecessor, which the test makes Ready.
        apply(ns, """
                apiVersion: v1
                kind: Service
                metadata: {name: db}
                spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  replicas: 3
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata:
                      labels: {app: db}
                      annotations: {k3j.io/hollow-ready: "false"}
                    spec:
                      containers: [{name: db, image: postgres:16}]
                """);
        for (int i = 0; i < 3; i++) {
            String pod = "db-" + i;
            List<String> upTo = IntStream.rangeClosed(0, i).mapToObj(n -> "db-" + n).toList();
            eventually(pod + " running, unready", () -> get("-n", ns, "get", "pods", "-l", "app=db", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}:{.status.phase}:{.status.conditions[?(@.type==\"Ready\")].status} {end}")
                    .contains(pod + ":Running:False"));
            // Only the pods up to this ordinal exist while it is unready.
            assertThat(podNames(ns, "app=db")).containsExactlyInAnyOrderElementsOf(upTo);
            get("-n", ns, "annotate", "pod", pod, "k3j.io/hollow-ready=true", "--overwrite");
        }
        rolloutStatus(ns, "statefulset/db");

        // Partition 2: only db-2 takes the new revision.
        get("-n", ns, "patch", "statefulset", "db", "--type=merge", "-p",
                "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":2}},"
                        + "\"template\":{\"metadata\":{\"annotations\":{\"k3j.io/hollow-ready\":\"true\"}},"
                        + "\"spec\":{\"containers\":[{\"name\":\"db\",\"image\":\"postgres:17\"}]}}}}");
        eventually("db-2 updated", () -> get("-n", ns, "get", "statefulset", "db", "-o",
                "jsonpath={.status.updatedReplicas}/{.status.readyReplicas}").equals("1/3"));
        assertThat(get("-n", ns, "get", "pods", "-l", "app=db", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image} {end}"))
                .isEqualTo("db-0=postgres:16 db-1=postgres:16 db-2=postgres:17");
        String update = get("-n", ns, "get", "statefulset", "db", "-o", "jsonpath={.status.updateRevision}");
        assertThat(get("-n", ns, "get", "pod", "db-2", "-o", "jsonpath={.metadata.labels.controller-revision-hash}"))
                .isEqualTo(update);
        assertThat(get("-n", ns, "get", "statefulset", "db", "-o", "jsonpath={.status.currentRevision}")).isNotEqualTo(update);
        assertThat(get("-n", ns, "describe", "statefulset", "db")).contains("SuccessfulCreate",
                "create Pod db-0 in StatefulSet db successful");
        deleteNamespace(ns);
    }

    @Test
    @Order(3)
    void daemonSetOnEveryNodeIncludingTaintedOnlyWhenTolerated() throws IOException {
        String ns = namespace("ds");
        get("taint", "node", "hollow-2", "dedicated=infra:NoSchedule");
        try {
            apply(ns, daemonSet("plain", ""));
            apply(ns, daemonSet("tolerant", "      tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoSchedule}]\n"));
            eventually("tolerant on three nodes", () -> get("-n", ns, "get", "ds", "tolerant", "-o",
                    "jsonpath={.status.desiredNumberScheduled}/{.status.numberReady}").equals("3/3"));
            assertThat(podNodes(ns, "app=tolerant")).containsExactlyInAnyOrderElementsOf(NODES);
            eventually("plain on two nodes", () -> get("-n", ns, "get", "ds", "plain", "-o",
                    "jsonpath={.status.desiredNumberScheduled}/{.status.numberReady}").equals("2/2"));
            assertThat(podNodes(ns, "app=plain")).containsExactlyInAnyOrder("hollow-0", "hollow-1");
            rolloutStatus(ns, "daemonset/tolerant");
        } finally {
            get("taint", "node", "hollow-2", "dedicated=infra:NoSchedule-");
        }
        // Untainted, the node gets the plain daemon too.
        eventually("plain on three nodes", () -> get("-n", ns, "get", "ds", "plain", "-o",
                "jsonpath={.status.desiredNumberScheduled}/{.status.numberReady}").equals("3/3"));
        deleteNamespace(ns);
    }

    private static String daemonSet(String name, String tolerations) {
        return """
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: NAME}
                spec:
                  selector: {matchLabels: {app: NAME}}
                  template:
                    metadata: {labels: {app: NAME}}
                    spec:
                      containers: [{name: agent, image: busybox}]
                """.replace("NAME", name) + tolerations;
    }

    @Test
    @Order(4)
    void jobsCompleteIndexAndHitBackoffLimit() throws IOException {
        String ns = namespace("jobs");
        apply(ns, job("done", "Succeeded", "completions: 3\n  parallelism: 2\n"));
        apply(ns, job("indexed", "Succeeded", "completions: 3\n  parallelism: 3\n  completionMode: Indexed\n"));
        apply(ns, job("broken", "Failed", "backoffLimit: 1\n"));

        get("-n", ns, "wait", "--for=condition=Complete", "job/done", "--timeout=60s");
        assertThat(get("-n", ns, "get", "job", "done", "-o", "jsonpath={.status.succeeded}/{.status.failed}")).isEqualTo("3/");
        get("-n", ns, "wait", "--for=condition=Complete", "job/indexed", "--timeout=60s");
        assertThat(get("-n", ns, "get", "job", "indexed", "-o", "jsonpath={.status.completedIndexes}")).isEqualTo("0-2");
        assertThat(get("-n", ns, "get", "pods", "-l", "job-name=indexed", "-o",
                "jsonpath={.items[*].metadata.annotations.batch\\.kubernetes\\.io/job-completion-index}").split(" "))
                .containsExactlyInAnyOrder("0", "1", "2");

        get("-n", ns, "wait", "--for=condition=Failed", "job/broken", "--timeout=60s");
        assertThat(get("-n", ns, "get", "job", "broken", "-o",
                "jsonpath={.status.failed}:{.status.conditions[?(@.type==\"Failed\")].reason}")).isEqualTo("2:BackoffLimitExceeded");
        assertThat(get("-n", ns, "describe", "job", "broken")).contains("BackoffLimitExceeded",
                "Job has reached the specified backoff limit");
        deleteNamespace(ns);
    }

    private static String job(String name, String phase, String spec) {
        return """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: NAME}
                spec:
                  SPEC  template:
                    metadata: {annotations: {k3j.io/hollow-phase: PHASE}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: work, image: busybox}]
                """.replace("NAME", name).replace("PHASE", phase).replace("SPEC", spec);
    }

    @Test
    @Order(5)
    void silentNodeIsTaintedAndItsPodsMoveElsewhere() throws IOException {
        String ns = namespace("evict");
        apply(ns, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: spread}
                spec:
                  replicas: 6
                  selector: {matchLabels: {app: spread}}
                  template:
                    metadata: {labels: {app: spread}}
                    spec:
                      tolerations:
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      containers: [{name: app, image: nginx}]
                """);
        rolloutStatus(ns, "deployment/spread");
        // Least-allocated scoring spreads six pods over three empty nodes.
        assertThat(podNodes(ns, "app=spread")).contains("hollow-1");

        get("annotate", "node", "hollow-1", "k3j.io/hollow-heartbeat=false", "--overwrite");
        try {
            eventually("hollow-1 unreachable", () -> get("get", "node", "hollow-1", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}|{.spec.taints[*].key}")
                    .matches("Unknown\\|.*node.kubernetes.io/unreachable.*"));
            assertThat(get("get", "node", "hollow-1", "-o", "jsonpath={.spec.taints[*].effect}"))
                    .contains("NoSchedule", "NoExecute");
            eventually("pods evicted from hollow-1 and replaced", () -> {
                List<String> nodes = podNodes(ns, "app=spread");
                return nodes.size() == 6 && !nodes.contains("hollow-1");
            });
            rolloutStatus(ns, "deployment/spread");
            String describe = get("describe", "node", "hollow-1");
            assertThat(describe).contains("Taints:             node.kubernetes.io/unreachable:NoExecute",
                    "Ready            Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.",
                    "NodeNotReady");
        } finally {
            get("annotate", "node", "hollow-1", "k3j.io/hollow-heartbeat-");
        }
        eventually("hollow-1 Ready and untainted", () -> get("get", "node", "hollow-1", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}|{.spec.taints}").equals("True|"));
        deleteNamespace(ns);
    }

    @Test
    @Order(6)
    void cronJobFiresOnSchedule() {
        // Created at boot, so by now most of the minute has usually passed.
        eventually("a job from the cronjob", Duration.ofSeconds(90), () -> !get("-n", "cron", "get", "jobs", "-o", "name").isEmpty());
        String job = get("-n", "cron", "get", "jobs", "-o", "jsonpath={.items[0].metadata.name}");
        assertThat(job).matches("tick-\\d+");
        assertThat(get("-n", "cron", "get", "job", job, "-o", "jsonpath={.metadata.ownerReferences[0].kind}")).isEqualTo("CronJob");
        eventually("lastScheduleTime", () -> !get("-n", "cron", "get", "cronjob", "tick", "-o",
                "jsonpath={.status.lastScheduleTime}").isEmpty());
        assertThat(get("-n", "cron", "describe", "cronjob", "tick")).contains("SuccessfulCreate", "Created job " + job);
        deleteNamespace("cron");
    }

    // --- helpers

    private static String namespace(String name) {
        get("create", "namespace", name);
        return name;
    }

    private static void deleteNamespace(String ns) {
        get("delete", "namespace", ns, "--wait=false");
    }

    private static void apply(String ns, String yaml) throws IOException {
        Path f = Files.createTempFile(dir, "manifest", ".yaml");
        try {
            Files.writeString(f, yaml);
            get("-n", ns, "apply", "-f", f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void rolloutStatus(String ns, String what) {
        Kubectl.Result r = kubectl.run("-n", ns, "rollout", "status", what, "--timeout=60s");
        assertThat(r.code()).as("rollout status %s: %s %s", what, r.out(), r.err()).isZero();
        // A StatefulSet with a RollingUpdate partition (defaulted to 0) reports "partitioned roll out complete".
        assertThat(r.out()).containsAnyOf("successfully rolled out", "partitioned roll out complete");
    }

    private static List<String> podNodes(String ns, String selector) {
        return words(get("-n", ns, "get", "pods", "-l", selector, "--field-selector=status.phase=Running",
                "-o", "jsonpath={.items[*].spec.nodeName}"));
    }

    private static List<String> podNames(String ns, String selector) {
        return words(get("-n", ns, "get", "pods", "-l", selector, "-o", "jsonpath={.items[*].metadata.name}"));
    }

    /** Old pods may linger an instant after rollout status returns (their deletion is still in flight). */
    private static void awaitImages(String ns, String image) {
        eventually("five pods of " + image, () -> get("-n", ns, "get", "pods", "-l", "app=web", "-o",
                "jsonpath={.items[*].spec.containers[0].image}").equals(String.join(" ", java.util.Collections.nCopies(5, image))));
    }

    private static Set<String> images(String ns, String selector) {
        return words(get("-n", ns, "get", "pods", "-l", selector, "-o", "jsonpath={.items[*].spec.containers[0].image}"))
                .stream().collect(Collectors.toSet());
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static String get(String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    private static void eventually(String what, Supplier<Boolean> cond) {
        eventually(what, Duration.ofSeconds(60), cond);
    }

    private static void eventually(String what, Duration timeout, Supplier<Boolean> cond) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
