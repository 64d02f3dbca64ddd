package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.integer;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Jobs and CronJobs. */
final class BatchPrinters {

    /** Job condition → STATUS, in the order upstream checks them; "Terminating" sits between Failed and Suspended. */
    private static final List<Map.Entry<String, String>> JOB_STATUS = List.of(
            Map.entry("Complete", "Complete"), Map.entry("Failed", "Failed"), Map.entry("", "Terminating"),
            Map.entry("Suspended", "Suspended"), Map.entry("FailureTarget", "FailureTarget"));

    private BatchPrinters() {
    }

    static Printer job() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Status", "Status of the job."), BatchPrinters::jobStatus),
                Field.of(Column.string("Completions", "The desired number of successfully finished pods the job "
                        + "should be run with."), BatchPrinters::completions),
                new Field(Column.string("Duration", "Time required to complete the job."), BatchPrinters::duration),
                Field.age(),
                WorkloadPrinters.containers(WorkloadPrinters::template),
                WorkloadPrinters.images(WorkloadPrinters::template),
                Field.of(WorkloadPrinters.selectorColumn(), o -> Format.labelSelector(o.path("spec").path("selector"))));
    }

    static Printer cronJob() {
        java.util.function.Function<JsonNode, JsonNode> podSpec =
                o -> o.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Schedule", "The schedule in Cron format."),
                        o -> Fields.text(o, "spec", "schedule")),
                Field.of(Column.string("Timezone", "The time zone name for the given schedule."),
                        o -> Format.orDefault(Fields.text(o, "spec", "timeZone"), Format.NONE)),
                Field.of(Column.bool("Suspend", "Whether subsequent executions are suspended."),
                        o -> Format.boolPtr(o.path("spec").path("suspend"))),
                Field.of(Column.integer("Active", "Number of currently running jobs."),
                        o -> Fields.size(o, "status", "active")),
                new Field(Column.string("Last Schedule", "When the job was last successfully scheduled."),
                        (o, now) -> Fields.present(o.path("status").path("lastScheduleTime"))
                                ? Format.age(o.path("status").path("lastScheduleTime"), now) : Format.NONE),
                Field.age(),
                WorkloadPrinters.containers(podSpec),
                WorkloadPrinters.images(podSpec),
                Field.of(WorkloadPrinters.selectorColumn(),
                        o -> Format.labelSelector(o.path("spec").path("jobTemplate").path("spec").path("selector"))));
    }

    private static String jobStatus(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        boolean deleting = Fields.present(job.path("metadata").path("deletionTimestamp"));
        for (Map.Entry<String, String> e : JOB_STATUS) {
            if (e.getKey().isEmpty() ? deleting : Fields.conditionTrue(conditions, e.getKey())) {
                return e.getValue();
            }
        }
        return "Running";
    }

    private static String completions(JsonNode job) {
        long succeeded = integer(job, "status", "succeeded");
        JsonNode spec = job.path("spec");
        if (Fields.present(spec.path("completions"))) {
            return succeeded + "/" + spec.path("completions").asLong();
        }
        long parallelism = spec.path("parallelism").asLong(1);
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    private static Object duration(JsonNode job, Instant now) {
        Optional<Instant> start = Fields.time(job.path("status").path("startTime"));
        if (start.isEmpty()) {
            return "";
        }
        Instant end = Fields.time(job.path("status").path("completionTime")).orElse(now);
        return HumanDuration.format(Duration.between(start.get(), end));
    }
}
