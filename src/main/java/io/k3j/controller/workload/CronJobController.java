package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.KubeApiException;
import io.k3j.client.WriteOptions;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The CronJob controller (upstream's cronjob v2): at each schedule time creates the Job {@code <cronjob>-<scheduled
 * time in minutes since the epoch>} from the job template, honouring suspend, startingDeadlineSeconds and the
 * concurrency policy (Allow, Forbid, Replace); tracks status.active, lastScheduleTime and lastSuccessfulTime; keeps
 * successfulJobsHistoryLimit/failedJobsHistoryLimit finished Jobs; and sleeps until the next schedule time.
 */
public final class CronJobController extends WorkloadController {

    static final String COMPONENT = "cronjob-controller";
    static final String SCHEDULED_AT = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private static final int TOO_MANY_MISSED = 100;

    private Informer cronJobs;
    private Informer jobs;

    @Override
    public String name() {
        return "cronjob";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        cronJobs = Indexes.namespaced(informers.of(Resources.CRON_JOBS));
        jobs = Indexes.owned(informers.of(Resources.JOBS));
        cronJobs.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }
        });
        jobs.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode job) {
                owner(job);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                owner(cur);
            }

            @Override
            public void onDelete(ObjectNode job) {
                owner(job);
            }

            private void owner(ObjectNode job) {
                JsonNode ref = OwnerRefs.controllerOf(job);
                if (ref != null && "CronJob".equals(ref.path("kind").asText())) {
                    queue.add(Informer.key(Meta.namespace(job), ref.path("name").asText()));
                }
            }
        });
        return List.of(cronJobs, jobs);
    }

    static boolean finished(JsonNode job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    static boolean condition(JsonNode job, String type) {
        JsonNode c = DeploymentStatus.get(job.path("status"), type);
        return c != null && "True".equals(c.path("status").asText());
    }

    @Override
    protected void sync(String key) {
        ObjectNode cached = cronJobs.get(key);
        if (cached == null) {
            return;
        }
        ObjectNode cj = cached.deepCopy();
        ObjectNode status = Meta.obj(cj, "status");
        List<ObjectNode> owned = Indexes.controlledBy(jobs, Meta.uid(cj));
        boolean changed = reconcileActive(cj, status, owned);
        if (Meta.deleting(cj)) {
            writeIfChanged(cj, changed);
            return;
        }
        ZoneId zone;
        try {
            zone = cj.path("spec").has("timeZone") ? ZoneId.of(cj.path("spec").path("timeZone").asText()) : ZoneId.systemDefault();
        } catch (RuntimeException e) {
            recorder.warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + cj.path("spec").path("timeZone").asText() + "\": " + e.getMessage());
            writeIfChanged(cj, changed);
            return;
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(cj.path("spec").path("schedule").asText(), zone);
        } catch (RuntimeException e) {
            recorder.warning(cj, "InvalidSchedule", "invalid schedule: " + cj.path("spec").path("schedule").asText() + " : " + e.getMessage());
            writeIfChanged(cj, changed);
            return;
        }
        changed |= cleanupHistory(cj, owned);
        if (cj.path("spec").path("suspend").asBoolean(false)) {
            writeIfChanged(cj, changed);
            return;
        }
        Instant now = now();
        CronPlan.Due due = CronPlan.mostRecent(cj, schedule, now);
        if (due.missed() > TOO_MANY_MISSED) {
            recorder.warning(cj, "TooManyMissedTimes", "too many missed start times: " + due.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        if (due.time() == null) {
            writeIfChanged(cj, changed);
            requeueNext(cj, schedule, now);
            return;
        }
        JsonNode sds = cj.path("spec").path("startingDeadlineSeconds");
        if (sds.isNumber() && due.time().toInstant().plusSeconds(sds.asLong()).isBefore(now)) {
            recorder.warning(cj, "MissSchedule", "Missed scheduled time to start a job: " + due.time().format(DateTimeFormatter.RFC_1123_DATE_TIME));
            writeIfChanged(cj, changed);
            requeueNext(cj, schedule, now);
            return;
        }
        String policy = cj.path("spec").path("concurrencyPolicy").asText("Allow");
        int active = status.path("active").size();
        if ("Forbid".equals(policy) && active > 0) {
            recorder.normal(cj, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            writeIfChanged(cj, changed);
            requeueNext(cj, schedule, now);
            return;
        }
        if ("Replace".equals(policy)) {
            for (JsonNode ref : List.copyOf(toList(status.path("active")))) {
                deleteJob(cj, ref.path("name").asText());
            }
            status.putArray("active");
            changed = true;
        }
        ObjectNode job = CronPlan.jobFor(cj, due.time());
        ObjectNode created;
        try {
            created = await(client.create(Resources.JOBS, Meta.namespace(cj), job, WriteOptions.manager(COMPONENT)));
            recorder.normal(cj, "SuccessfulCreate", "Created job " + Meta.name(created));
        } catch (KubeApiException e) {
            if (!e.alreadyExists()) {
                recorder.warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
                writeIfChanged(cj, changed);
                throw e;
            }
            created = await(client.get(Resources.JOBS, Meta.namespace(cj), Meta.name(job)));
        }
        if (OwnerRefs.controlledBy(created, cj) && !finished(created) && !inActive(status, Meta.uid(created))) {
            Meta.arr(status, "active").add(ref(created));
        }
        status.put("lastScheduleTime", Meta.format(due.time().toInstant()));
        writeIfChanged(cj, true);
        requeueNext(cj, schedule, now);
    }

    /** Drops finished or missing Jobs from status.active, adds running owned ones, notes lastSuccessfulTime. */
    private boolean reconcileActive(ObjectNode cj, ObjectNode status, List<ObjectNode> owned) {
        boolean changed = false;
        ArrayNode active = Meta.arr(status, "active");
        for (ObjectNode job : owned) {
            boolean listed = inActive(status, Meta.uid(job));
            if (!finished(job) && !listed) {
                active.add(ref(job));
                changed = true;
            } else if (finished(job)) {
                if (listed) {
                    removeActive(active, Meta.uid(job));
                    String cond = condition(job, "Complete") ? "Complete" : "Failed";
                    recorder.normal(cj, "SawCompletedJob", "Saw completed job: " + Meta.name(job) + ", condition: " + cond);
                    changed = true;
                }
                Instant done = Meta.time(job.path("status").path("completionTime"));
                Instant last = Meta.time(status.path("lastSuccessfulTime"));
                if (condition(job, "Complete") && done != null && (last == null || done.isAfter(last))) {
                    status.put("lastSuccessfulTime", Meta.format(done));
                    changed = true;
                }
            }
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            String uid = active.get(i).path("uid").asText();
            if (owned.stream().noneMatch(j -> Meta.uid(j).equals(uid))) {
                ObjectNode fresh = getJob(cj, active.get(i).path("name").asText());
                if (fresh == null || !Meta.uid(fresh).equals(uid)) {
                    recorder.normal(cj, "MissingJob", "Active job went missing: " + active.get(i).path("name").asText());
                    active.remove(i);
                    changed = true;
                }
            }
        }
        return changed;
    }

    private ObjectNode getJob(ObjectNode cj, String name) {
        try {
            return await(client.get(Resources.JOBS, Meta.namespace(cj), name));
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return null;
            }
            throw e;
        }
    }

    private static List<JsonNode> toList(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }

    private static boolean inActive(JsonNode status, String uid) {
        for (JsonNode r : status.path("active")) {
            if (uid.equals(r.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void removeActive(ArrayNode active, String uid) {
        for (int i = active.size() - 1; i >= 0; i--) {
            if (uid.equals(active.get(i).path("uid").asText())) {
                active.remove(i);
            }
        }
    }

    private static ObjectNode ref(JsonNode job) {
        return Meta.MAPPER.createObjectNode().put("apiVersion", "batch/v1").put("kind", "Job")
                .put("name", Meta.name(job)).put("namespace", Meta.namespace(job)).put("uid", Meta.uid(job))
                .put("resourceVersion", job.path("metadata").path("resourceVersion").asText());
    }

    /** Deletes finished Jobs beyond the history limits, oldest first. */
    private boolean cleanupHistory(ObjectNode cj, List<ObjectNode> owned) {
        boolean changed = false;
        int keepOk = cj.path("spec").path("successfulJobsHistoryLimit").asInt(3);
        int keepFailed = cj.path("spec").path("failedJobsHistoryLimit").asInt(1);
        for (boolean ok : new boolean[]{true, false}) {
            List<ObjectNode> done = new ArrayList<>(owned.stream().filter(j -> !Meta.deleting(j)
                    && condition(j, ok ? "Complete" : "Failed")).toList());
            done.sort(Comparator.comparing((ObjectNode j) -> {
                Instant t = Meta.time(j.path("status").path("startTime"));
                return t != null ? t : Meta.created(j) != null ? Meta.created(j) : Instant.EPOCH;
            }));
            int excess = done.size() - (ok ? keepOk : keepFailed);
            for (int i = 0; i < excess; i++) {
                deleteJob(cj, Meta.name(done.get(i)));
                changed = true;
            }
        }
        return changed;
    }

    private void deleteJob(ObjectNode cj, String name) {
        try {
            await(client.delete(Resources.JOBS, Meta.namespace(cj), name, DeleteOptions.propagation("Background")));
            recorder.normal(cj, "SuccessfulDelete", "Deleted job " + name);
        } catch (RuntimeException e) {
            if (!notFound(e)) {
                recorder.warning(cj, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
    }

    private void writeIfChanged(ObjectNode cj, boolean changed) {
        if (changed) {
            await(client.updateStatus(Resources.CRON_JOBS, Meta.namespace(cj), cj, WriteOptions.manager(COMPONENT)));
        }
    }

    private void requeueNext(ObjectNode cj, CronSchedule schedule, Instant now) {
        ZonedDateTime next = schedule.next(now.atZone(schedule.zone()));
        if (next != null) {
            queue.addAfter(Meta.key(cj), Math.max(100, next.toInstant().toEpochMilli() - now.toEpochMilli() + 100));
        }
    }
}
