package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.integer;
import static io.k3j.apiserver.table.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;

/** Controllers of pods (apps/v1 and ReplicationController): counts, then the pod template's containers. */
final class WorkloadPrinters {

    private WorkloadPrinters() {
    }

    static Printer deployment() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Ready", "Number of the pod with ready state"),
                        o -> integer(o, "status", "readyReplicas") + "/" + integer(o, "spec", "replicas")),
                Field.of(Column.string("Up-to-date", "Total number of non-terminated pods targeted by this "
                        + "deployment that have the desired template spec."), o -> integer(o, "status", "updatedReplicas")),
                Field.of(Column.string("Available", "Total number of available pods (ready for at least "
                        + "minReadySeconds) targeted by this deployment."), o -> integer(o, "status", "availableReplicas")),
                Field.age(),
                containers(o -> template(o)), images(o -> template(o)),
                // Deployments print Selector.String() (empty stays empty), unlike the others' FormatLabelSelector.
                Field.of(selectorColumn(), o -> Format.selector(o.path("spec").path("selector"))));
    }

    static Printer replicaSet() {
        return Printer.of(
                Field.name(), desired(), current(), readyCount(), Field.age(),
                containers(WorkloadPrinters::template), images(WorkloadPrinters::template),
                Field.of(selectorColumn(), o -> Format.labelSelector(o.path("spec").path("selector"))));
    }

    static Printer replicationController() {
        return Printer.of(
                Field.name(), desired(), current(), readyCount(), Field.age(),
                containers(WorkloadPrinters::template), images(WorkloadPrinters::template),
                Field.of(selectorColumn(), o -> Format.labels(o.path("spec").path("selector"))));
    }

    static Printer statefulSet() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Ready", "Number of the pod with ready state"),
                        o -> integer(o, "status", "readyReplicas") + "/" + integer(o, "spec", "replicas")),
                Field.age(),
                containers(WorkloadPrinters::template), images(WorkloadPrinters::template));
    }

    static Printer daemonSet() {
        return Printer.of(
                Field.name(),
                Field.of(Column.integer("Desired", "The total number of nodes that should be running the daemon pod."),
                        o -> integer(o, "status", "desiredNumberScheduled")),
                Field.of(Column.integer("Current", "The number of nodes running at least one daemon pod."),
                        o -> integer(o, "status", "currentNumberScheduled")),
                Field.of(Column.integer("Ready", "The number of nodes running a ready daemon pod."),
                        o -> integer(o, "status", "numberReady")),
                Field.of(Column.integer("Up-to-date", "The number of nodes running the updated daemon pod."),
                        o -> integer(o, "status", "updatedNumberScheduled")),
                Field.of(Column.integer("Available", "The number of nodes running an available daemon pod."),
                        o -> integer(o, "status", "numberAvailable")),
                Field.of(Column.string("Node Selector", "Node selector of the daemon pod template."),
                        o -> Format.labels(template(o).path("nodeSelector"))),
                Field.age(),
                containers(WorkloadPrinters::template), images(WorkloadPrinters::template),
                Field.of(selectorColumn(), o -> Format.labelSelector(o.path("spec").path("selector"))));
    }

    static Printer controllerRevision() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Controller", "The owner of this controller revision."),
                        WorkloadPrinters::controllerOf),
                Field.of(Column.string("Revision", "The revision number."), o -> integer(o, "revision")),
                Field.age());
    }

    static Printer podTemplate() {
        return Printer.of(
                Field.name(),
                Field.of(Column.string("Containers", "Container names of the template."),
                        o -> Format.containerNames(o.path("template").path("spec"))),
                Field.of(Column.string("Images", "Container images of the template."),
                        o -> Format.containerImages(o.path("template").path("spec"))),
                Field.of(Column.string("Pod Labels", "Labels of pods made from the template."),
                        o -> Format.labels(o.path("template").path("metadata").path("labels"))));
    }

    /** {@code kind.group/name} of the controlling owner, as upstream's formatResourceName prints it. */
    private static String controllerOf(JsonNode o) {
        for (JsonNode ref : Fields.items(o, "metadata", "ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = text(ref, "apiVersion");
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = text(ref, "kind");
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.isEmpty() ? text(ref, "name") : groupKind.toLowerCase() + "/" + text(ref, "name");
            }
        }
        return Format.NONE;
    }

    static JsonNode template(JsonNode o) {
        return o.path("spec").path("template").path("spec");
    }

    static Field containers(java.util.function.Function<JsonNode, JsonNode> podSpec) {
        return Field.of(Column.string("Containers", "Names of each container in the template.").wide(),
                o -> Format.containerNames(podSpec.apply(o)));
    }

    static Field images(java.util.function.Function<JsonNode, JsonNode> podSpec) {
        return Field.of(Column.string("Images", "Images referenced by each container in the template.").wide(),
                o -> Format.containerImages(podSpec.apply(o)));
    }

    static Column selectorColumn() {
        return Column.string("Selector", "Label query over pods that should match the replicas count.").wide();
    }

    private static Field desired() {
        return Field.of(Column.integer("Desired", "Number of desired pods."), o -> integer(o, "spec", "replicas"));
    }

    private static Field current() {
        return Field.of(Column.integer("Current", "The most recently observed number of replicas."),
                o -> integer(o, "status", "replicas"));
    }

    private static Field readyCount() {
        return Field.of(Column.integer("Ready", "The number of ready replicas."),
                o -> integer(o, "status", "readyReplicas"));
    }
}
