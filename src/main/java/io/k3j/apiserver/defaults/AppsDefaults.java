package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.absent;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.existing;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/** apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet (ControllerRevision has none). */
final class AppsDefaults {

    private AppsDefaults() {
    }

    static void apply(String resource, ObjectNode obj) {
        switch (resource) {
            case "deployments" -> deployment(object(obj, "spec"));
            case "replicasets" -> {
                ObjectNode spec = object(obj, "spec");
                number(spec, "replicas", 1);
                PodSpecDefaults.template(spec);
            }
            case "statefulsets" -> statefulSet(object(obj, "spec"));
            case "daemonsets" -> daemonSet(object(obj, "spec"));
            default -> {
            }
        }
    }

    private static void deployment(ObjectNode spec) {
        number(spec, "replicas", 1);
        ObjectNode strategy = object(spec, "strategy");
        text(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode ru = object(strategy, "rollingUpdate");
            percentOrNumber(ru, "maxUnavailable", "25%");
            percentOrNumber(ru, "maxSurge", "25%");
        }
        number(spec, "revisionHistoryLimit", 10);
        number(spec, "progressDeadlineSeconds", 600);
        PodSpecDefaults.template(spec);
    }

    /**
     * StatefulSet: a strategy type left out gets RollingUpdate with a partition of 0; a RollingUpdate the client named
     * gets a partition only when it sent a rollingUpdate block, as upstream.
     */
    private static void statefulSet(ObjectNode spec) {
        text(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = object(spec, "updateStrategy");
        if (Fields.unsetText(strategy, "type")) {
            strategy.put("type", "RollingUpdate");
            object(strategy, "rollingUpdate");
        }
        ObjectNode ru = existing(strategy, "rollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate") && ru != null) {
            number(ru, "partition", 0);
        }
        ObjectNode retention = object(spec, "persistentVolumeClaimRetentionPolicy");
        text(retention, "whenDeleted", "Retain");
        text(retention, "whenScaled", "Retain");
        number(spec, "replicas", 1);
        number(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.template(spec);
        eachObject(spec, "volumeClaimTemplates", CoreDefaults::persistentVolumeClaim);
    }

    private static void daemonSet(ObjectNode spec) {
        ObjectNode strategy = object(spec, "updateStrategy");
        text(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
            ObjectNode ru = object(strategy, "rollingUpdate");
            if (absent(ru, "maxUnavailable")) {
                ru.put("maxUnavailable", 1);
            }
            if (absent(ru, "maxSurge")) {
                ru.put("maxSurge", 0);
            }
        }
        number(spec, "revisionHistoryLimit", 10);
        PodSpecDefaults.template(spec);
    }

    private static void percentOrNumber(ObjectNode o, String field, String value) {
        if (absent(o, field)) {
            o.put(field, value);
        }
    }
}
