package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.KubeApiException;
import io.k3j.client.WriteOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.k3j.controller.workload.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The Job and CronJob controllers inside a real in-process server (pods finished by the test, as a kubelet would). */
@ExtendWith(Cluster.Extension.class)
class JobControllerTest {

    Cluster c;
    String ns;

    @BeforeEach
    void setUp(Cluster cluster) {
        c = cluster;
        ns = c.namespace();
    }

    @AfterEach
    void tearDown() {
        c.deleteNamespace(ns);
    }

    static String job(String name, String extraSpec) {
        return """
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s"},
                 "spec":{%s"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}"""
                .formatted(name, extraSpec);
    }

    /** Ends a pod as a kubelet would: phase Succeeded (exit 0) or Failed with {@code exitCode}. */
    void finish(ObjectNode pod, int exitCode) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode cur = c.get(Resources.PODS, ns, Meta.name(pod)).deepCopy();
            ObjectNode s = Meta.obj(cur, "status");
            String t = Instant.now().toString();
            s.put("phase", exitCode == 0 ? "Succeeded" : "Failed");
            s.putArray("containerStatuses").addObject().put("name", "c").put("ready", false).put("restartCount", 0)
                    .putObject("state").putObject("terminated").put("exitCode", exitCode).put("finishedAt", t)
                    .put("reason", exitCode == 0 ? "Completed" : "Error");
            try {
                c.call(k -> k.updateStatus(Resources.PODS, ns, cur, WriteOptions.manager("test")));
                return;
            } catch (KubeApiException e) {
                if (!e.conflict() || attempt > 5) {
                    throw e;
                }
            }
        }
    }

    List<ObjectNode> running() {
        return c.activePods(ns);
    }

    JsonNode status(String name) {
        return c.get(Resources.JOBS, ns, name).path("status");
    }

    static JsonNode condition(JsonNode status, String type) {
        return DeploymentStatus.get(status, type);
    }

    @Test
    void runsToCompletionsOnePodAtATimeAndReleasesFinalizers() {
        ObjectNode created = c.create(Resources.JOBS, ns, job("pi", "\"completions\":2,\"parallelism\":1,"));
        assertThat(created.path("spec").path("selector").path("matchLabels").path("batch.kubernetes.io/controller-uid").asText())
                .isEqualTo(Meta.uid(created));
        eventually("first pod", () -> running().size() == 1);
        ObjectNode p1 = running().getFirst();
        assertThat(p1.path("metadata").path("finalizers").toString()).contains("batch.kubernetes.io/job-tracking");
        assertThat(Meta.labels(p1)).containsEntry("batch.kubernetes.io/job-name", "pi").containsEntry("job-name", "pi");
        assertThat(Meta.name(p1)).startsWith("pi-");
        eventually("active 1, startTime", () -> status("pi").path("active").asInt() == 1 && status("pi").has("startTime"));
        finish(p1, 0);
        eventually("second pod, succeeded 1", () -> status("pi").path("succeeded").asInt() == 1 && running().size() == 1);
        eventually("finalizer of the first released", () -> !JobController.hasFinalizer(c.get(Resources.PODS, ns, Meta.name(p1))));
        finish(running().getFirst(), 0);
        eventually("Complete", () -> condition(status("pi"), "Complete") != null);
        JsonNode s = status("pi");
        assertThat(condition(s, "SuccessCriteriaMet").path("reason").asText()).isEqualTo("CompletionsReached");
        assertThat(condition(s, "Complete").path("status").asText()).isEqualTo("True");
        assertThat(s.path("succeeded").asInt()).isEqualTo(2);
        assertThat(s.path("active").asInt()).isZero();
        assertThat(s.has("completionTime")).isTrue();
        eventually("all finalizers released", () -> c.pods(ns).stream().noneMatch(JobController::hasFinalizer));
        eventually("Completed event", () -> c.events(ns, "pi").contains("Completed: Job completed"));
    }

    @Test
    void indexedJobsGiveEachPodItsIndex() {
        c.create(Resources.JOBS, ns, job("idx", "\"completions\":3,\"parallelism\":3,\"completionMode\":\"Indexed\","));
        eventually("3 pods", () -> running().size() == 3);
        List<ObjectNode> pods = running();
        assertThat(pods).extracting(p -> Meta.annotation(p, "batch.kubernetes.io/job-completion-index"))
                .containsExactlyInAnyOrder("0", "1", "2");
        for (ObjectNode p : pods) {
            String i = Meta.annotation(p, "batch.kubernetes.io/job-completion-index");
            assertThat(p.path("spec").path("hostname").asText()).isEqualTo("idx-" + i);
            assertThat(Meta.labels(p)).containsEntry("batch.kubernetes.io/job-completion-index", i);
            assertThat(p.path("spec").path("containers").get(0).path("env").toString()).contains("JOB_COMPLETION_INDEX");
            assertThat(Meta.name(p)).startsWith("idx-" + i + "-");
        }
        ObjectNode one = pods.stream().filter(p -> "1".equals(Meta.annotation(p, "batch.kubernetes.io/job-completion-index"))).findFirst().orElseThrow();
        finish(one, 0);
        eventually("completedIndexes 1", () -> "1".equals(status("idx").path("completedIndexes").asText()));
        // A failed index is retried with the same index.
        ObjectNode zero = running().stream().filter(p -> "0".equals(Meta.annotation(p, "batch.kubernetes.io/job-completion-index"))).findFirst().orElseThrow();
        finish(zero, 1);
        eventually("failed 1", () -> status("idx").path("failed").asInt() == 1);
        eventually("index 0 retried", Duration.ofSeconds(40), () -> running().stream()
                .anyMatch(p -> "0".equals(Meta.annotation(p, "batch.kubernetes.io/job-completion-index"))));
    }

    @Test
    void backoffLimitFailsTheJobAfterBackedOffRetries() {
        c.create(Resources.JOBS, ns, job("flaky", "\"backoffLimit\":1,"));
        eventually("pod", () -> running().size() == 1);
        finish(running().getFirst(), 1);
        long failedAt = System.nanoTime();
        eventually("failed 1", () -> status("flaky").path("failed").asInt() == 1);
        eventually("retry after back-off", Duration.ofSeconds(40), () -> running().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - failedAt)).isGreaterThan(Duration.ofSeconds(8));
        finish(running().getFirst(), 1);
        eventually("Failed", () -> condition(status("flaky"), "Failed") != null);
        JsonNode failed = condition(status("flaky"), "Failed");
        assertThat(failed.path("reason").asText()).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.path("message").asText()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(condition(status("flaky"), "FailureTarget").path("reason").asText()).isEqualTo("BackoffLimitExceeded");
    }

    @Test
    void podFailurePolicyFailJobAndActiveDeadline() {
        c.create(Resources.JOBS, ns, job("pfp", """
                "podFailurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"containerName":"c","operator":"In","values":[42]}}]},"""));
        eventually("pod", () -> running().size() == 1);
        ObjectNode pod = running().getFirst();
        finish(pod, 42);
        eventually("Failed by policy", () -> condition(status("pfp"), "Failed") != null);
        assertThat(condition(status("pfp"), "Failed").path("reason").asText()).isEqualTo("PodFailurePolicy");
        assertThat(condition(status("pfp"), "Failed").path("message").asText())
                .isEqualTo("Container c for pod " + ns + "/" + Meta.name(pod) + " failed with exit code 42 matching FailJob rule at index 0");

        c.create(Resources.JOBS, ns, job("late", "\"activeDeadlineSeconds\":2,"));
        eventually("DeadlineExceeded", () -> {
            JsonNode f = condition(status("late"), "Failed");
            return f != null && "DeadlineExceeded".equals(f.path("reason").asText());
        });
        // The pod killed at the deadline counts as failed, and nothing is left behind.
        assertThat(status("late").path("failed").asInt()).isEqualTo(1);
        eventually("late pod gone", () -> c.pods(ns).stream().noneMatch(p -> Meta.name(p).startsWith("late-")));
        assertThat(running()).isEmpty();
    }

    @Test
    void suspendDeletesPodsAndResumeStartsAgain() {
        c.create(Resources.JOBS, ns, job("s", "\"parallelism\":2,\"completions\":4,"));
        eventually("2 pods", () -> running().size() == 2);
        c.patch(Resources.JOBS, ns, "s", "{\"spec\":{\"suspend\":true}}");
        eventually("suspended", () -> running().isEmpty() && condition(status("s"), "Suspended") != null
                && "True".equals(condition(status("s"), "Suspended").path("status").asText()));
        assertThat(condition(status("s"), "Suspended").path("reason").asText()).isEqualTo("JobSuspended");
        c.patch(Resources.JOBS, ns, "s", "{\"spec\":{\"suspend\":false}}");
        eventually("resumed", () -> running().size() == 2 && "JobResumed".equals(condition(status("s"), "Suspended").path("reason").asText()));
    }

    @Test
    void cronJobCreatesItsJobAtTheScheduleTime() {
        c.create(Resources.CRON_JOBS, ns, """
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"tick"},
                 "spec":{"schedule":"@every 1s","jobTemplate":{"metadata":{"labels":{"from":"cron"}},
                  "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}}}""");
        eventually("a job", () -> !c.list(Resources.JOBS, ns).isEmpty());
        ObjectNode job = c.list(Resources.JOBS, ns).getFirst();
        assertThat(Meta.name(job)).matches("tick-\\d{8}");
        assertThat(Meta.labels(job)).containsEntry("from", "cron");
        assertThat(Meta.annotation(job, "batch.kubernetes.io/cronjob-scheduled-timestamp")).isNotNull();
        assertThat(OwnerRefs.controllerOf(job).path("kind").asText()).isEqualTo("CronJob");
        eventually("status", () -> {
            JsonNode s = c.get(Resources.CRON_JOBS, ns, "tick").path("status");
            return s.has("lastScheduleTime") && s.path("active").size() >= 1;
        });
        eventually("SuccessfulCreate event", () -> c.events(ns, "tick").contains("SuccessfulCreate: Created job " + Meta.name(job)));
        c.patch(Resources.CRON_JOBS, ns, "tick", "{\"spec\":{\"suspend\":true}}");
    }
}
