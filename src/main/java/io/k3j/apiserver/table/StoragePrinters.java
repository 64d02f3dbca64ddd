package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;
import java.util.ArrayList;
import java.util.List;

/** PersistentVolumes, claims and storage.k8s.io kinds. */
final class StoragePrinters {

    /** The legacy class annotation wins over spec.storageClassName, as upstream's helpers read it. */
    private static final String BETA_CLASS = "volume.beta.kubernetes.io/storage-class";
    private static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    private static final String BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

    private StoragePrinters() {
    }

    static Printer persistentVolume() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Capacity", "The storage capacity of the volume."),
                        o -> quantity(o.path("spec").path("capacity").path("storage"))),
                Field.of(Column.string("Access Modes", "All ways the volume can be mounted."),
                        o -> Format.accessModes(o.path("spec").path("accessModes"))),
                Field.of(Column.string("Reclaim Policy", "What happens to the volume when released from its claim."),
                        o -> text(o, "spec", "persistentVolumeReclaimPolicy")),
                Field.of(Column.string("Status", "Phase of the volume."), StoragePrinters::phase),
                Field.of(Column.string("Claim", "The claim bound to this volume."), StoragePrinters::claimRef),
                Field.of(Column.string("StorageClass", "Name of the StorageClass this volume belongs to."),
                        StoragePrinters::storageClass),
                Field.of(Column.string("VolumeAttributesClass", "Name of the VolumeAttributesClass of the volume."),
                        o -> unset(o.path("spec").path("volumeAttributesClassName"))),
                Field.of(Column.string("Reason", "Reason the volume is in its phase, if any."),
                        o -> text(o, "status", "reason")),
                Field.age(),
                Field.of(Column.string("VolumeMode", "Whether the volume is a filesystem or a block device.").wide(),
                        o -> unset(o.path("spec").path("volumeMode"))));
    }

    static Printer persistentVolumeClaim() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Status", "Phase of the claim."), StoragePrinters::phase),
                Field.of(Column.string("Volume", "The volume bound to this claim."), o -> text(o, "spec", "volumeName")),
                // Capacity and access modes are the bound volume's; a claim not yet bound shows neither.
                Field.of(Column.string("Capacity", "The actual resources of the underlying volume."),
                        o -> bound(o) ? quantity(o.path("status").path("capacity").path("storage")) : ""),
                Field.of(Column.string("Access Modes", "The actual access modes of the underlying volume."),
                        o -> bound(o) ? Format.accessModes(o.path("status").path("accessModes")) : ""),
                Field.of(Column.string("StorageClass", "Name of the StorageClass required by the claim."),
                        StoragePrinters::storageClass),
                Field.of(Column.string("VolumeAttributesClass", "Name of the VolumeAttributesClass of the claim."),
                        o -> unset(o.path("spec").path("volumeAttributesClassName"))),
                Field.age(),
                Field.of(Column.string("VolumeMode", "Whether the volume is a filesystem or a block device.").wide(),
                        o -> unset(o.path("spec").path("volumeMode"))));
    }

    static Printer storageClass() {
        return Printer.of(
                Field.of(Column.objectName(), o -> text(o, "metadata", "name") + (isDefault(o) ? " (default)" : "")),
                Field.of(Column.string("Provisioner", "Indicates the type of the provisioner."),
                        o -> text(o, "provisioner")),
                Field.of(Column.string("ReclaimPolicy", "Reclaim policy of volumes this class provisions."),
                        o -> Format.orDefault(text(o, "reclaimPolicy"), "Delete")),
                Field.of(Column.string("VolumeBindingMode", "When volumes are provisioned and bound."),
                        o -> Format.orDefault(text(o, "volumeBindingMode"), "Immediate")),
                Field.of(Column.string("AllowVolumeExpansion", "Whether the class allows volume expansion."),
                        o -> Fields.bool(o, "allowVolumeExpansion")),
                Field.age());
    }

    static Printer volumeAttachment() {
        return Printer.of(Field.name(),
                // Upstream marks this column with format "name" too.
                Field.of(new Column("Attacher", "string", "name", "The volume driver that handles the attachment.", 0),
                        o -> text(o, "spec", "attacher")),
                Field.of(Column.string("PV", "Name of the persistent volume to attach."),
                        o -> text(o, "spec", "source", "persistentVolumeName")),
                Field.of(Column.string("Node", "The node the volume is attached to."), o -> text(o, "spec", "nodeName")),
                Field.of(Column.bool("Attached", "Whether the volume is attached."), o -> Fields.bool(o, "status", "attached")),
                Field.age());
    }

    static Printer csiDriver() {
        return Printer.of(Field.name(),
                Field.of(Column.bool("AttachRequired", "Whether the driver needs an attach operation."),
                        o -> o.path("spec").path("attachRequired").asBoolean(true)),
                Field.of(Column.bool("PodInfoOnMount", "Whether pod information is passed on mount."),
                        o -> Fields.bool(o, "spec", "podInfoOnMount")),
                Field.of(Column.bool("StorageCapacity", "Whether the driver publishes storage capacity."),
                        o -> Fields.bool(o, "spec", "storageCapacity")),
                Field.of(Column.string("TokenRequests", "Audiences of service account tokens passed to the driver."),
                        StoragePrinters::tokenRequests),
                Field.of(Column.bool("RequiresRepublish", "Whether NodePublishVolume is called periodically."),
                        o -> Fields.bool(o, "spec", "requiresRepublish")),
                Field.of(Column.string("Modes", "Volume lifecycle modes the driver supports."),
                        o -> Format.orDefault(String.join(",", Format.strings(o.path("spec").path("volumeLifecycleModes"))),
                                Format.NONE)),
                Field.age());
    }

    static Printer csiNode() {
        return Printer.of(Field.name(),
                Field.of(Column.integer("Drivers", "Number of CSI drivers on the node."),
                        o -> Fields.size(o, "spec", "drivers")),
                Field.age());
    }

    static Printer csiStorageCapacity() {
        return Printer.of(Field.name(),
                Field.of(Column.string("StorageClassName", "Name of the StorageClass the capacity applies to."),
                        o -> text(o, "storageClassName")),
                Field.of(Column.string("Capacity", "Capacity reported by the driver."),
                        o -> Fields.present(o.path("capacity")) ? quantity(o.path("capacity")) : Format.UNSET));
    }

    private static String tokenRequests(JsonNode o) {
        JsonNode requests = o.path("spec").path("tokenRequests");
        if (!requests.isArray()) {
            return Format.UNSET;
        }
        List<String> audiences = new ArrayList<>();
        requests.forEach(t -> audiences.add(text(t, "audience")));
        return String.join(",", audiences);
    }

    private static boolean isDefault(JsonNode sc) {
        JsonNode annotations = sc.path("metadata").path("annotations");
        return "true".equals(text(annotations, DEFAULT_CLASS)) || "true".equals(text(annotations, BETA_DEFAULT_CLASS));
    }

    private static boolean bound(JsonNode pvc) {
        return !text(pvc, "spec", "volumeName").isEmpty();
    }

    private static String phase(JsonNode o) {
        return Fields.present(o.path("metadata").path("deletionTimestamp")) ? "Terminating" : text(o, "status", "phase");
    }

    private static String claimRef(JsonNode pv) {
        JsonNode ref = pv.path("spec").path("claimRef");
        return ref.isObject() ? text(ref, "namespace") + "/" + text(ref, "name") : "";
    }

    private static String storageClass(JsonNode o) {
        JsonNode beta = o.path("metadata").path("annotations").path(BETA_CLASS);
        return Fields.present(beta) ? beta.asText() : text(o, "spec", "storageClassName");
    }

    private static String quantity(JsonNode q) {
        return Fields.present(q) ? Quantity.canonical(q.asText()) : "0";
    }

    private static String unset(JsonNode n) {
        return Fields.present(n) ? n.asText() : Format.UNSET;
    }
}
