package io.k3j.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.k3j.controller.CoreControllerServer.M;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** ttl-after-finished: finished Jobs go once their TTL has passed; others stay. */
class TtlAfterFinishedTest {

    static final GroupVersionResource JOBS = new GroupVersionResource("batch", "v1", "jobs");
    static final String NS = "ttl";

    @TempDir
    static Path dir;
    static CoreControllerServer k3j;

    @BeforeAll
    static void boot() {
        k3j = CoreControllerServer.start(dir);
        k3j.createNamespace(NS);
    }

    @AfterAll
    static void shutdown() {
        if (k3j != null) {
            k3j.deleteNamespace(NS);
            k3j.close();
        }
    }

    /** A suspended Job (so no job controller starts pods for it) with the given TTL, or none. */
    static ObjectNode job(String name, Integer ttl) {
        ObjectNode job = M.createObjectNode().put("apiVersion", "batch/v1").put("kind", "Job");
        job.putObject("metadata").put("name", name);
        ObjectNode spec = job.putObject("spec").put("suspend", true);
        if (ttl != null) {
            spec.put("ttlSecondsAfterFinished", ttl);
        }
        ObjectNode pod = spec.putObject("template").putObject("spec").put("restartPolicy", "Never");
        pod.putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return job;
    }

    /**
     * Marks the job finished. The job controller also writes a (suspended) job's status, so a status write from a
     * stale read can lose its compare-and-swap: read again and retry, as any client of the API must.
     */
    static void finish(String name, String type, Instant at) {
        for (int attempt = 1; ; attempt++) {
            ObjectNode job = k3j.getOrNull(JOBS, NS, name);
            ObjectNode status = job.putObject("status");
            status.putArray("conditions").addObject().put("type", type).put("status", "True")
                    .put("lastTransitionTime", at.truncatedTo(ChronoUnit.SECONDS).toString());
            if (type.equals("Complete")) {
                status.put("completionTime", at.truncatedTo(ChronoUnit.SECONDS).toString());
            }
            try {
                await(k3j.client.updateStatus(JOBS, NS, job, CoreControllerServer.TEST));
                return;
            } catch (KubeApiException e) {
                if (e.code() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    @Test
    void finishedJobsAreDeletedAfterTheirTtl() {
        k3j.create(JOBS, NS, job("complete-now", 0));
        k3j.create(JOBS, NS, job("failed-in-2s", 2));
        k3j.create(JOBS, NS, job("complete-in-an-hour", 3600));
        k3j.create(JOBS, NS, job("no-ttl", null));
        k3j.create(JOBS, NS, job("unfinished", 0));
        Instant now = Instant.now();
        finish("complete-now", "Complete", now);
        finish("failed-in-2s", "Failed", now);
        finish("complete-in-an-hour", "Complete", now);
        finish("no-ttl", "Complete", now);

        k3j.waitGone(JOBS, NS, "complete-now");
        k3j.waitGone(JOBS, NS, "failed-in-2s");
        // Seen gone (polling every 50 ms) no earlier than its finish time (whole seconds) plus the TTL.
        assertThat(Instant.now()).as("deleted only after its TTL").isAfterOrEqualTo(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(2));
        assertThat(k3j.getOrNull(JOBS, NS, "complete-in-an-hour")).isNotNull();
        assertThat(k3j.getOrNull(JOBS, NS, "no-ttl")).isNotNull();
        assertThat(k3j.getOrNull(JOBS, NS, "unfinished")).isNotNull();
    }
}
