package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The CronJob controller's pure decisions: which schedule time is due, and the Job built for it. */
final class CronPlan {

    /** The most recent unmet schedule time at or before now (null: none), and how many were missed. */
    record Due(ZonedDateTime time, int missed) {
    }

    private CronPlan() {
    }

    static Due mostRecent(JsonNode cj, CronSchedule schedule, Instant now) {
        Instant earliest = Meta.time(cj.path("status").path("lastScheduleTime"));
        if (earliest == null) {
            earliest = Meta.created(cj);
        }
        if (earliest == null) {
            earliest = now;
        }
        JsonNode sds = cj.path("spec").path("startingDeadlineSeconds");
        if (sds.isNumber()) {
            Instant deadline = now.minusSeconds(sds.asLong());
            if (deadline.isAfter(earliest)) {
                earliest = deadline;
            }
        }
        ZonedDateTime t = schedule.next(earliest.atZone(schedule.zone()));
        if (t == null || t.toInstant().isAfter(now)) {
            return new Due(null, 0);
        }
        int missed = 1;
        ZonedDateTime latest = t;
        while (missed < 1_000_000) {
            ZonedDateTime n = schedule.next(latest);
            if (n == null || n.toInstant().isAfter(now)) {
                break;
            }
            latest = n;
            missed++;
        }
        return new Due(latest, missed);
    }

    /** The Job upstream creates for {@code scheduled}: named {@code <cronjob>-<minutes since the epoch>}. */
    static ObjectNode jobFor(JsonNode cj, ZonedDateTime scheduled) {
        JsonNode template = cj.path("spec").path("jobTemplate");
        ObjectNode job = Meta.MAPPER.createObjectNode().put("apiVersion", "batch/v1").put("kind", "Job");
        ObjectNode meta = job.putObject("metadata");
        meta.put("name", Meta.name(cj) + "-" + scheduled.toEpochSecond() / 60);
        meta.put("namespace", Meta.namespace(cj));
        if (template.path("metadata").path("labels").isObject()) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        ObjectNode ann = template.path("metadata").path("annotations").isObject()
                ? template.path("metadata").path("annotations").deepCopy() : Meta.MAPPER.createObjectNode();
        ann.put(CronJobController.SCHEDULED_AT, scheduled.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        meta.set("annotations", ann);
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(cj));
        job.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy() : Meta.MAPPER.createObjectNode());
        return job;
    }
}
