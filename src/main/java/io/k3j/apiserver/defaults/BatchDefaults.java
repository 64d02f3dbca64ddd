package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * batch/v1: Job and CronJob. A CronJob's jobTemplate gets only the pod template's defaults, not a Job's (upstream
 * defaults a Job's fields on the Job the controller creates).
 */
final class BatchDefaults {

    private BatchDefaults() {
    }

    static void apply(String resource, ObjectNode obj) {
        switch (resource) {
            case "jobs" -> job(obj);
            case "cronjobs" -> cronJob(object(obj, "spec"));
            default -> {
            }
        }
    }

    static void job(ObjectNode obj) {
        ObjectNode spec = object(obj, "spec");
        if (absent(spec, "completions") && absent(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        number(spec, "parallelism", 1);
        if (absent(spec, "backoffLimit")) {
            spec.put("backoffLimit", absent(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
        }
        // The Job carries its template's labels when it has none of its own.
        JsonNode templateLabels = spec.path("template").path("metadata").path("labels");
        ObjectNode meta = object(obj, "metadata");
        if (templateLabels.isObject() && !Fields.nonEmptyObject(meta, "labels")) {
            meta.set("labels", templateLabels.deepCopy());
        }
        text(spec, "completionMode", "NonIndexed");
        bool(spec, "suspend", false);
        ifObject(spec, "podFailurePolicy", p -> eachObject(p, "rules",
                rule -> eachObject(rule, "onPodConditions", c -> text(c, "status", "True"))));
        if (absent(spec, "podReplacementPolicy")) {
            spec.put("podReplacementPolicy", absent(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
        }
        PodSpecDefaults.template(spec);
    }

    private static void cronJob(ObjectNode spec) {
        text(spec, "concurrencyPolicy", "Allow");
        bool(spec, "suspend", false);
        number(spec, "successfulJobsHistoryLimit", 3);
        number(spec, "failedJobsHistoryLimit", 1);
        ifObject(spec, "jobTemplate", t -> ifObject(t, "spec", PodSpecDefaults::template));
    }
}
