package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One reconcile of one Job (see {@link JobController}). */
final class JobSync {

    private final JobController c;
    private ObjectNode job;
    private final List<ObjectNode> pods;
    private final Instant now;
    private final boolean indexed;
    private final Integer completions;
    private final int parallelism;

    /** Whether the controller's expectations were met when {@code pods} was read (not later: see JobController.sync). */
    private final boolean podsTrusted;

    JobSync(JobController c, ObjectNode job, List<ObjectNode> pods, boolean podsTrusted) {
        this.podsTrusted = podsTrusted;
        this.c = c;
        this.job = job;
        this.pods = pods;
        this.now = c.now();
        JsonNode spec = job.path("spec");
        this.indexed = "Indexed".equals(spec.path("completionMode").asText());
        this.completions = spec.path("completions").isNumber() ? spec.path("completions").asInt() : null;
        this.parallelism = spec.path("parallelism").asInt(1);
    }

    private ObjectNode status() {
        return Meta.obj(job, "status");
    }

    private boolean hasCondition(String type) {
        JsonNode cnd = DeploymentStatus.get(job.path("status"), type);
        return cnd != null && "True".equals(cnd.path("status").asText());
    }

    void run() {
        if (hasCondition("Complete") || hasCondition("Failed")) {
            // Finished: count what is left and let every pod go.
            track();
            return;
        }
        List<ObjectNode> newlyFailed = track();
        List<ObjectNode> active = pods.stream().filter(Pods::active).toList();
        int terminating = (int) pods.stream().filter(p -> Meta.deleting(p) && !Pods.terminal(p)).count();
        String key = Meta.key(job);

        if (!hasCondition("FailureTarget") && !hasCondition("SuccessCriteriaMet")) {
            failureReason(newlyFailed);
        }
        if (!hasCondition("FailureTarget") && !hasCondition("SuccessCriteriaMet") && succeededEnough(active)) {
            addCondition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
        }
        if (hasCondition("FailureTarget") || hasCondition("SuccessCriteriaMet")) {
            deleteAll(active);
            if (active.isEmpty() && terminating == 0) {
                finish();
            }
            counts(List.of(), terminating);
            write();
            return;
        }
        boolean suspended = job.path("spec").path("suspend").asBoolean(false);
        JsonNode suspendedCond = DeploymentStatus.get(status(), "Suspended");
        if (suspended) {
            deleteAll(active);
            if (suspendedCond == null || !"True".equals(suspendedCond.path("status").asText())) {
                addCondition("Suspended", "JobSuspended", "Job suspended");
                c.recorder.normal(job, "Suspended", "Job suspended");
            }
            counts(List.of(), terminating);
            write();
            return;
        }
        if (suspendedCond != null && "True".equals(suspendedCond.path("status").asText())) {
            setCondition("Suspended", "False", "JobResumed", "Job resumed");
            c.recorder.normal(job, "Resumed", "Job resumed");
            status().put("startTime", Meta.format(now));
        }
        if (!status().has("startTime")) {
            status().put("startTime", Meta.format(now));
        }
        long deadline = deadlineLeftMs();
        if (deadline >= 0) {
            c.requeueAfter(job, deadline + 500);
        }
        List<ObjectNode> stillActive = podsTrusted ? manage(active) : active;
        counts(stillActive, terminating);
        write();
    }

    // ---- counting finished pods ---------------------------------------------------------------------------------

    /**
     * Moves finished pods with the finalizer through uncountedTerminatedPods into the counts, removing their
     * finalizers in between. Returns the pods that newly failed (for podFailurePolicy).
     */
    private List<ObjectNode> track() {
        ObjectNode s = status();
        ObjectNode uncounted = Meta.obj(s, "uncountedTerminatedPods");
        Set<String> succeeded = texts(uncounted.path("succeeded"));
        Set<String> failed = texts(uncounted.path("failed"));
        List<ObjectNode> newlyFailed = new ArrayList<>();
        List<ObjectNode> toRelease = new ArrayList<>();
        boolean finished = hasCondition("Complete") || hasCondition("Failed");
        boolean added = false;
        for (ObjectNode p : pods) {
            if (!JobController.hasFinalizer(p) || c.released.containsKey(Meta.uid(p))) {
                continue;
            }
            String uid = Meta.uid(p);
            // A terminating pod counts as failed (it may never reach a phase), unless only Failed pods are replaced.
            boolean onlyFailed = "Failed".equals(job.path("spec").path("podReplacementPolicy").asText());
            boolean done = Pods.terminal(p) || (Meta.deleting(p) && (finished || !onlyFailed));
            if (!done) {
                if (finished) {
                    toRelease.add(p);
                }
                continue;
            }
            toRelease.add(p);
            if (succeeded.contains(uid) || failed.contains(uid)) {
                continue;
            }
            if ("Succeeded".equals(Pods.phase(p))) {
                succeeded.add(uid);
                added = true;
            } else {
                JobPolicy.Match m = JobPolicy.match(job, p);
                if (m != null && "Ignore".equals(m.action())) {
                    continue; // not counted, just released
                }
                failed.add(uid);
                newlyFailed.add(p);
                added = true;
            }
        }
        if (added) {
            setTexts(uncounted, "succeeded", succeeded);
            setTexts(uncounted, "failed", failed);
            write();
        }
        for (ObjectNode p : toRelease) {
            c.releasePod(p);
        }
        if (!succeeded.isEmpty() || !failed.isEmpty()) {
            ObjectNode st = status();
            TreeSet<Integer> done = JobPolicy.parseIndexes(st.path("completedIndexes").asText(""));
            int newSucceeded = 0;
            for (ObjectNode p : pods) {
                if (succeeded.contains(Meta.uid(p)) && indexed) {
                    int i = JobPolicy.index(p);
                    if (i >= 0 && (completions == null || i < completions)) {
                        done.add(i);
                    }
                }
            }
            newSucceeded = indexed ? done.size() : st.path("succeeded").asInt(0) + succeeded.size();
            putCount(st, "succeeded", newSucceeded);
            putCount(st, "failed", st.path("failed").asInt(0) + failed.size());
            if (indexed) {
                st.put("completedIndexes", JobPolicy.formatIndexes(done));
            }
            ObjectNode u = Meta.obj(st, "uncountedTerminatedPods");
            u.removeAll();
            write();
        }
        return newlyFailed;
    }

    private static Set<String> texts(JsonNode arr) {
        Set<String> out = new LinkedHashSet<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void setTexts(ObjectNode o, String field, Set<String> values) {
        if (values.isEmpty()) {
            o.remove(field);
            return;
        }
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    // ---- decisions ----------------------------------------------------------------------------------------------

    private void failureReason(List<ObjectNode> newlyFailed) {
        for (ObjectNode p : newlyFailed) {
            JobPolicy.Match m = JobPolicy.match(job, p);
            if (m != null && "FailJob".equals(m.action())) {
                failWith("PodFailurePolicy", m.message());
                return;
            }
        }
        int backoffLimit = job.path("spec").path("backoffLimit").asInt(6);
        if (status().path("failed").asInt(0) > backoffLimit) {
            failWith("BackoffLimitExceeded", "Job has reached the specified backoff limit");
            return;
        }
        if (deadlineLeftMs() == 0) {
            failWith("DeadlineExceeded", "Job was active longer than specified deadline");
        }
    }

    private void failWith(String reason, String message) {
        addCondition("FailureTarget", reason, message);
        c.recorder.warning(job, reason, message);
    }

    /** Milliseconds until activeDeadlineSeconds passes (0 when it has), or -1 when there is none. */
    private long deadlineLeftMs() {
        JsonNode d = job.path("spec").path("activeDeadlineSeconds");
        Instant start = Meta.time(status().path("startTime"));
        if (!d.isNumber() || start == null) {
            return -1;
        }
        long left = start.plusSeconds(d.asLong()).toEpochMilli() - now.toEpochMilli();
        return Math.max(0, left);
    }

    private boolean succeededEnough(List<ObjectNode> active) {
        int succeeded = status().path("succeeded").asInt(0);
        if (completions != null) {
            return succeeded >= completions;
        }
        return succeeded > 0 && active.isEmpty();
    }

    private void finish() {
        if (hasCondition("FailureTarget")) {
            JsonNode ft = DeploymentStatus.get(status(), "FailureTarget");
            addCondition("Failed", ft.path("reason").asText(), ft.path("message").asText());
        } else {
            addCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods");
            status().put("completionTime", Meta.format(now));
            c.recorder.normal(job, "Completed", "Job completed");
        }
    }

    /** Creates or deletes pods toward the wanted parallelism; returns the pods active afterwards. */
    private List<ObjectNode> manage(List<ObjectNode> active) {
        int succeeded = status().path("succeeded").asInt(0);
        List<ObjectNode> result = new ArrayList<>(active);
        List<Integer> toCreate = new ArrayList<>();
        if (indexed) {
            TreeSet<Integer> done = JobPolicy.parseIndexes(status().path("completedIndexes").asText(""));
            Set<Integer> running = new HashSet<>();
            List<ObjectNode> surplus = new ArrayList<>();
            for (ObjectNode p : active) {
                int i = JobPolicy.index(p);
                if (i < 0 || i >= completions || done.contains(i) || !running.add(i)) {
                    surplus.add(p);
                }
            }
            deleteAll(surplus);
            result.removeAll(surplus);
            for (int i = 0; i < completions && running.size() + toCreate.size() < parallelism; i++) {
                if (!done.contains(i) && !running.contains(i)) {
                    toCreate.add(i);
                }
            }
        } else {
            int want = completions == null ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
            want = Math.max(0, want);
            if (active.size() > want) {
                List<ObjectNode> victims = PodRanking.toDelete(active, active, active.size() - want, now);
                deleteAll(victims);
                result.removeAll(victims);
            }
            for (int i = active.size(); i < want; i++) {
                toCreate.add(-1);
            }
        }
        if (toCreate.isEmpty()) {
            return result;
        }
        long wait = backoffLeftMs();
        if (wait > 0) {
            c.requeueAfter(job, wait);
            return result;
        }
        String key = Meta.key(job);
        c.expectations.expectCreations(key, toCreate.size());
        List<Runnable> tasks = new ArrayList<>();
        List<ObjectNode> created = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int index : toCreate) {
            tasks.add(() -> {
                try {
                    created.add(c.podControl.create(newPod(index), job));
                } catch (RuntimeException e) {
                    c.expectations.creationObserved(key);
                    throw e;
                }
            });
        }
        List<Throwable> errors = WorkloadController.parallel(tasks);
        result.addAll(created);
        if (!errors.isEmpty()) {
            throw errors.getFirst() instanceof RuntimeException re ? re : new RuntimeException(errors.getFirst());
        }
        return result;
    }

    /** Time left of the back-off after the last failure (10 s doubling per failure, at most 6 min). */
    private long backoffLeftMs() {
        int failed = status().path("failed").asInt(0);
        if (failed == 0) {
            return 0;
        }
        Instant last = null;
        for (ObjectNode p : pods) {
            if ("Failed".equals(Pods.phase(p))) {
                Instant t = JobPolicy.finishedAt(p);
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
            }
        }
        if (last == null) {
            return 0;
        }
        Duration d = JobPolicy.backoff(failed);
        return Math.max(0, last.plus(d).toEpochMilli() - now.toEpochMilli());
    }

    private ObjectNode newPod(int index) {
        ObjectNode pod = PodControl.fromTemplate(job.path("spec").path("template"), job);
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        Meta.arr(meta, "finalizers").add(JobPolicy.TRACKING_FINALIZER);
        String prefix = Meta.name(job) + "-";
        if (index >= 0) {
            prefix = Meta.name(job) + "-" + index + "-";
            Meta.obj(meta, "annotations").put(JobPolicy.INDEX_KEY, String.valueOf(index));
            Meta.obj(meta, "labels").put(JobPolicy.INDEX_KEY, String.valueOf(index));
            ObjectNode spec = (ObjectNode) pod.get("spec");
            if (!spec.has("hostname")) {
                spec.put("hostname", Meta.name(job) + "-" + index);
            }
            for (String f : new String[]{"containers", "initContainers"}) {
                for (JsonNode ctr : spec.path(f)) {
                    ObjectNode env = Meta.arr((ObjectNode) ctr, "env").addObject().put("name", "JOB_COMPLETION_INDEX");
                    env.putObject("valueFrom").putObject("fieldRef").put("fieldPath",
                            "metadata.annotations['" + JobPolicy.INDEX_KEY + "']");
                }
            }
        }
        meta.put("generateName", prefix.length() > 58 ? prefix.substring(0, 58) : prefix);
        return pod;
    }

    private void deleteAll(List<ObjectNode> victims) {
        List<Runnable> tasks = new ArrayList<>();
        for (ObjectNode p : victims) {
            tasks.add(() -> {
                try {
                    c.podControl.delete(p, job);
                } catch (RuntimeException e) {
                    if (!WorkloadController.notFound(e)) {
                        throw e;
                    }
                }
            });
        }
        WorkloadController.parallel(tasks);
    }

    // ---- status -------------------------------------------------------------------------------------------------

    /** active/succeeded/failed are omitempty upstream (ready and terminating are pointers, so 0 shows). */
    private static void putCount(ObjectNode status, String field, int n) {
        if (n == 0) {
            status.remove(field);
        } else {
            status.put(field, n);
        }
    }

    private void counts(List<ObjectNode> active, int terminating) {
        ObjectNode s = status();
        putCount(s, "active", active.size());
        s.put("ready", (int) active.stream().filter(Pods::ready).count());
        s.put("terminating", terminating);
        if (s.path("uncountedTerminatedPods").isEmpty()) {
            s.putObject("uncountedTerminatedPods");
        }
    }

    private void addCondition(String type, String reason, String message) {
        setCondition(type, "True", reason, message);
    }

    private void setCondition(String type, String status, String reason, String message) {
        ObjectNode cond = Meta.MAPPER.createObjectNode().put("type", type).put("status", status)
                .put("lastProbeTime", Meta.format(now)).put("lastTransitionTime", Meta.format(now))
                .put("reason", reason).put("message", message);
        DeploymentStatus.remove(status(), type);
        Meta.arr(status(), "conditions").add(cond);
    }

    private JsonNode written;

    /** Writes status when it changed from what is stored. */
    private void write() {
        ObjectNode cached = c.jobs.get(Meta.key(job));
        JsonNode before = written != null ? written : cached == null ? null : cached.path("status");
        if (before != null && Meta.semanticEquals(before, job.path("status"))) {
            return;
        }
        job = c.writeStatus(job);
        written = job.path("status").deepCopy();
    }
}
