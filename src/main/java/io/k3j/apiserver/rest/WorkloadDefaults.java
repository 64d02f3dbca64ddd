package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/**
 * upstream's defaulting of the workload kinds (apps/v1, batch/v1, ReplicationController), so that the controllers,
 * {@code kubectl describe} and {@code kubectl rollout} see the fields set as on a real cluster; and the Job registry's
 * generated selector ({@code batch.kubernetes.io/controller-uid}) with the labels it adds to the pod template.
 */
final class WorkloadDefaults {

    private WorkloadDefaults() {
    }

    static void apply(ResourceDescriptor d, ObjectNode obj) {
        String kind = d.group() + "/" + d.resource();
        switch (kind) {
            case "apps/deployments" -> deployment(spec(obj));
            case "apps/replicasets" -> putIfAbsent(spec(obj), "replicas", 1);
            case "/replicationcontrollers" -> replicationController(obj);
            case "apps/statefulsets" -> statefulSet(spec(obj));
            case "apps/daemonsets" -> daemonSet(spec(obj));
            case "batch/jobs" -> job(obj);
            case "batch/cronjobs" -> cronJob(spec(obj));
            default -> {
            }
        }
    }

    private static void deployment(ObjectNode spec) {
        putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = child(spec, "strategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode ru = child(strategy, "rollingUpdate");
            if (!ru.has("maxUnavailable")) {
                ru.put("maxUnavailable", "25%");
            }
            if (!ru.has("maxSurge")) {
                ru.put("maxSurge", "25%");
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
    }

    private static void replicationController(ObjectNode obj) {
        ObjectNode spec = spec(obj);
        putIfAbsent(spec, "replicas", 1);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            if (!spec.path("selector").isObject() || spec.path("selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            ObjectNode meta = child(obj, "metadata");
            if (!meta.path("labels").isObject() || meta.path("labels").isEmpty()) {
                meta.set("labels", labels.deepCopy());
            }
        }
    }

    private static void statefulSet(ObjectNode spec) {
        putIfAbsent(spec, "replicas", 1);
        if (!spec.has("podManagementPolicy")) {
            spec.put("podManagementPolicy", "OrderedReady");
        }
        ObjectNode strategy = child(spec, "updateStrategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            putIfAbsent(child(strategy, "rollingUpdate"), "partition", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = child(spec, "persistentVolumeClaimRetentionPolicy");
        if (!retention.has("whenDeleted")) {
            retention.put("whenDeleted", "Retain");
        }
        if (!retention.has("whenScaled")) {
            retention.put("whenScaled", "Retain");
        }
    }

    private static void daemonSet(ObjectNode spec) {
        ObjectNode strategy = child(spec, "updateStrategy");
        if (!strategy.has("type")) {
            strategy.put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode ru = child(strategy, "rollingUpdate");
            if (!ru.has("maxUnavailable")) {
                ru.put("maxUnavailable", 1);
            }
            if (!ru.has("maxSurge")) {
                ru.put("maxSurge", 0);
            }
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
    }

    private static void job(ObjectNode obj) {
        ObjectNode spec = spec(obj);
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
        }
        putIfAbsent(spec, "parallelism", 1);
        if (!spec.has("backoffLimit")) {
            spec.put("backoffLimit", spec.has("backoffLimitPerIndex") ? Integer.MAX_VALUE : 6);
        }
        if (!spec.has("completionMode")) {
            spec.put("completionMode", "NonIndexed");
        }
        if (!spec.has("suspend")) {
            spec.put("suspend", false);
        }
        if (!spec.has("podReplacementPolicy")) {
            spec.put("podReplacementPolicy", spec.has("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
        }
        if (!spec.path("manualSelector").asBoolean(false)) {
            String uid = obj.path("metadata").path("uid").asText();
            String name = obj.path("metadata").path("name").asText();
            ObjectNode selector = spec.putObject("selector");
            selector.putObject("matchLabels").put("batch.kubernetes.io/controller-uid", uid);
            ObjectNode labels = child(child(child(spec, "template"), "metadata"), "labels");
            labels.put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name)
                    .put("controller-uid", uid).put("job-name", name);
        }
    }

    private static void cronJob(ObjectNode spec) {
        if (!spec.has("concurrencyPolicy")) {
            spec.put("concurrencyPolicy", "Allow");
        }
        if (!spec.has("suspend")) {
            spec.put("suspend", false);
        }
        putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
        putIfAbsent(spec, "failedJobsHistoryLimit", 1);
    }

    private static ObjectNode spec(ObjectNode obj) {
        return child(obj, "spec");
    }

    private static ObjectNode child(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (!o.has(field) || o.get(field).isNull()) {
            o.put(field, value);
        }
    }
}
