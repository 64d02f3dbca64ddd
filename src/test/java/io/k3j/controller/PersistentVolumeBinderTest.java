package io.k3j.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.k3j.controller.CoreControllerServer.M;
import static io.k3j.volume.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistentvolume-binder on a whole in-process k3j: binding (matched, pre-bound either way), waiting and
 * provisioning events, Lost claims, and reclaiming by policy, observed through the API as a user would.
 */
class PersistentVolumeBinderTest {

    static final GroupVersionResource PVS = new GroupVersionResource("", "v1", "persistentvolumes");
    static final GroupVersionResource PVCS = new GroupVersionResource("", "v1", "persistentvolumeclaims");
    static final GroupVersionResource CLASSES = new GroupVersionResource("storage.k8s.io", "v1", "storageclasses");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final String NS = "pvb";

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
            for (ObjectNode pv : k3j.list(PVS, "")) {
                k3j.delete(PVS, "", pv.path("metadata").path("name").asText(), DeleteOptions.DEFAULT);
            }
            for (ObjectNode sc : k3j.list(CLASSES, "")) {
                k3j.delete(CLASSES, "", sc.path("metadata").path("name").asText(), DeleteOptions.DEFAULT);
            }
            k3j.close();
        }
    }

    static ObjectNode pv(String name, String size, String cls, String policy, String extraSpec) {
        return pv(name, size, cls, policy, extraSpec, "{}");
    }

    static ObjectNode pv(String name, String size, String cls, String policy, String extraSpec, String annotations) {
        ObjectNode pv = json("{'apiVersion':'v1','kind':'PersistentVolume','metadata':{'name':'" + name + "'},"
                + "'spec':{'capacity':{'storage':'" + size + "'},'accessModes':['ReadWriteOnce'],'storageClassName':'" + cls
                + "','persistentVolumeReclaimPolicy':'" + policy + "','hostPath':{'path':'/srv/" + name + "'}}}");
        json(extraSpec).properties().forEach(e -> ((ObjectNode) pv.get("spec")).set(e.getKey(), e.getValue()));
        if (pv.path("spec").has("local")) {
            ((ObjectNode) pv.get("spec")).remove("hostPath"); // one volume source per volume
        }
        ((ObjectNode) pv.get("metadata")).set("annotations", json(annotations));
        return k3j.create(PVS, "", pv);
    }

    static ObjectNode pvc(String name, String size, String cls, String extraSpec) {
        ObjectNode pvc = json("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'" + name + "'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'" + size + "'}}}}");
        if (cls != null) {
            ((ObjectNode) pvc.get("spec")).put("storageClassName", cls);
        }
        json(extraSpec).properties().forEach(e -> ((ObjectNode) pvc.get("spec")).set(e.getKey(), e.getValue()));
        return k3j.create(PVCS, NS, pvc);
    }

    static ObjectNode storageClass(String name, String provisioner, String mode, boolean isDefault) {
        ObjectNode sc = json("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'" + name + "'},"
                + "'provisioner':'" + provisioner + "','volumeBindingMode':'" + mode + "'}");
        if (isDefault) {
            ((ObjectNode) sc.get("metadata")).putObject("annotations").put("storageclass.kubernetes.io/is-default-class", "true");
        }
        return k3j.create(CLASSES, "", sc);
    }

    static String phase(JsonNode o) {
        return o.path("status").path("phase").asText();
    }

    static ObjectNode waitPhase(GroupVersionResource r, String ns, String name, String phase) {
        return k3j.waitFor(name + " " + phase, r, ns, name, o -> phase.equals(phase(o)));
    }

    /** Waits for an Event about the object with this reason, and returns its message. */
    static String event(String ns, String kind, String name, String reason) {
        String[] message = new String[1];
        CoreControllerServer.poll(kind + " " + name + " event " + reason, () -> {
            for (ObjectNode e : k3j.list(EVENTS, ns)) {
                JsonNode ref = e.path("involvedObject");
                if (ref.path("kind").asText().equals(kind) && ref.path("name").asText().equals(name)
                        && e.path("reason").asText().equals(reason)) {
                    message[0] = e.path("message").asText();
                    assertThat(e.path("source").path("component").asText()).isEqualTo("persistentvolume-controller");
                    return true;
                }
            }
            return false;
        });
        return message[0];
    }

    /**
     * Waits for an Event about the object with this reason and message. (A claim synced before the informer has seen
     * a class just created first reports the class missing, as upstream does; the next sync says the rest.)
     */
    static void assertEvent(String ns, String kind, String name, String reason, String message) {
        CoreControllerServer.poll(kind + " " + name + " event " + reason + ": " + message, () -> {
            for (ObjectNode e : k3j.list(EVENTS, ns)) {
                JsonNode ref = e.path("involvedObject");
                if (ref.path("kind").asText().equals(kind) && ref.path("name").asText().equals(name)
                        && e.path("reason").asText().equals(reason) && e.path("message").asText().equals(message)) {
                    return true;
                }
            }
            return false;
        });
    }

    static void deleteClaim(String name) {
        k3j.delete(PVCS, NS, name, DeleteOptions.DEFAULT);
        k3j.waitGone(PVCS, NS, name);
    }

    @Test
    void anImmediateClaimGetsTheSmallestFittingVolumeAndBothSidesAreWritten() {
        pv("imm-big", "20Gi", "", "Retain", "{}");
        pv("imm-fit", "5Gi", "", "Retain", "{}");
        pv("imm-small", "1Gi", "", "Retain", "{}");
        ObjectNode created = pvc("imm", "3Gi", "", "{}");
        ObjectNode claim = waitPhase(PVCS, NS, "imm", "Bound");
        assertThat(claim.path("spec").path("volumeName").asText()).isEqualTo("imm-fit");
        assertThat(claim.path("metadata").path("annotations").path("pv.kubernetes.io/bind-completed").asText()).isEqualTo("yes");
        assertThat(claim.path("metadata").path("annotations").path("pv.kubernetes.io/bound-by-controller").asText()).isEqualTo("yes");
        assertThat(claim.path("status").path("capacity").path("storage").asText()).isEqualTo("5Gi");
        assertThat(claim.path("status").path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        ObjectNode volume = waitPhase(PVS, "", "imm-fit", "Bound");
        JsonNode ref = volume.path("spec").path("claimRef");
        assertThat(ref.path("kind").asText()).isEqualTo("PersistentVolumeClaim");
        assertThat(ref.path("namespace").asText() + "/" + ref.path("name").asText()).isEqualTo(NS + "/imm");
        assertThat(ref.path("uid").asText()).isEqualTo(created.path("metadata").path("uid").asText());
        assertThat(ref.path("resourceVersion").asText()).isNotEmpty();
        assertThat(volume.path("metadata").path("annotations").path("pv.kubernetes.io/bound-by-controller").asText()).isEqualTo("yes");
        assertThat(phase(waitPhase(PVS, "", "imm-big", "Available"))).isEqualTo("Available");
        assertThat(phase(waitPhase(PVS, "", "imm-small", "Available"))).isEqualTo("Available");

        // Retain: the claim goes, the volume is Released and keeps its claimRef (the data is the admin's to deal with).
        deleteClaim("imm");
        ObjectNode released = waitPhase(PVS, "", "imm-fit", "Released");
        assertThat(released.path("spec").path("claimRef").path("name").asText()).isEqualTo("imm");
        // A Released volume is not offered to new claims.
        pvc("imm-again", "5Gi", "", "{}");
        assertThat(waitPhase(PVCS, NS, "imm-again", "Bound").path("spec").path("volumeName").asText()).isEqualTo("imm-big");
    }

    @Test
    void preBoundClaimsAndVolumesBindToWhatTheyName() {
        pv("pre-named", "10Gi", "", "Retain", "{}");
        pvc("pre-by-name", "1Gi", "", "{'volumeName':'pre-named'}");
        ObjectNode claim = waitPhase(PVCS, NS, "pre-by-name", "Bound");
        assertThat(claim.path("spec").path("volumeName").asText()).isEqualTo("pre-named");
        assertThat(claim.path("metadata").path("annotations").has("pv.kubernetes.io/bound-by-controller")).isFalse();

        pv("pre-reserved", "10Gi", "", "Retain", "{'claimRef':{'namespace':'" + NS + "','name':'pre-reserver'}}");
        pv("pre-decoy", "1Gi", "", "Retain", "{}");
        assertThat(phase(waitPhase(PVS, "", "pre-reserved", "Available"))).isEqualTo("Available");
        pvc("pre-reserver", "1Gi", "", "{}");
        assertThat(waitPhase(PVCS, NS, "pre-reserver", "Bound").path("spec").path("volumeName").asText()).isEqualTo("pre-reserved");
        ObjectNode volume = waitPhase(PVS, "", "pre-reserved", "Bound");
        assertThat(volume.path("spec").path("claimRef").path("uid").asText()).isNotEmpty();
        assertThat(volume.path("metadata").path("annotations").has("pv.kubernetes.io/bound-by-controller")).isFalse();

        // A volume that does not fit the claim that names it: VolumeMismatch, and the claim waits.
        pv("pre-tiny", "1Mi", "", "Retain", "{}");
        pvc("pre-too-big", "1Gi", "", "{'volumeName':'pre-tiny'}");
        assertThat(event(NS, "PersistentVolumeClaim", "pre-too-big", "VolumeMismatch"))
                .isEqualTo("Cannot bind to requested volume \"pre-tiny\": requested PV is too small");
        assertThat(phase(k3j.getOrNull(PVCS, NS, "pre-too-big"))).isEqualTo("Pending");
    }

    @Test
    void unmatchedClaimsSayWhyTheyWait() {
        pvc("wait-none", "1Ti", "", "{}");
        assertThat(event(NS, "PersistentVolumeClaim", "wait-none", "FailedBinding"))
                .isEqualTo("no persistent volumes available for this claim and no storage class is set");

        storageClass("wait-external", "example.com/nfs", "Immediate", false);
        pvc("wait-ext", "1Gi", "wait-external", "{}");
        assertThat(event(NS, "PersistentVolumeClaim", "wait-ext", "ExternalProvisioning")).isEqualTo("Waiting for a volume to be "
                + "created either by the external provisioner 'example.com/nfs' or manually by the system administrator. If volume "
                + "creation is delayed, please verify that the provisioner is running and correctly registered.");
        JsonNode annotations = k3j.getOrNull(PVCS, NS, "wait-ext").path("metadata").path("annotations");
        assertThat(annotations.path("volume.kubernetes.io/storage-provisioner").asText()).isEqualTo("example.com/nfs");
        assertThat(annotations.path("volume.beta.kubernetes.io/storage-provisioner").asText()).isEqualTo("example.com/nfs");

        storageClass("wait-static", "kubernetes.io/no-provisioner", "Immediate", false);
        pvc("wait-static", "1Gi", "wait-static", "{}");
        assertEvent(NS, "PersistentVolumeClaim", "wait-static", "ProvisioningFailed",
                "no volume plugin matched name: kubernetes.io/no-provisioner");

        pvc("wait-missing-class", "1Gi", "no-such-class", "{}");
        assertThat(event(NS, "PersistentVolumeClaim", "wait-missing-class", "ProvisioningFailed"))
                .isEqualTo("storageclass.storage.k8s.io \"no-such-class\" not found");

        storageClass("wait-wffc", "kubernetes.io/no-provisioner", "WaitForFirstConsumer", false);
        pv("wait-local", "5Gi", "wait-wffc", "Retain", "{}");
        pvc("wait-consumer", "1Gi", "wait-wffc", "{}");
        assertThat(event(NS, "PersistentVolumeClaim", "wait-consumer", "WaitForFirstConsumer"))
                .isEqualTo("waiting for first consumer to be created before binding");
        assertThat(phase(k3j.getOrNull(PVCS, NS, "wait-consumer"))).isEqualTo("Pending");
        assertThat(phase(k3j.getOrNull(PVS, "", "wait-local"))).isEqualTo("Available");
    }

    @Test
    void releasedVolumesAreReclaimedByPolicyAsUpstream() {
        // Delete with no deleter for the volume type (a local volume): Failed, VolumeFailedDelete.
        pv("rec-local", "1Gi", "", "Delete", "{'local':{'path':'/mnt/disk'},'nodeAffinity':{'required':"
                + "{'nodeSelectorTerms':[{'matchExpressions':[{'key':'kubernetes.io/hostname','operator':'In','values':['n1']}]}]}}}");
        pvc("rec-local", "1Gi", "", "{'volumeName':'rec-local'}");
        waitPhase(PVCS, NS, "rec-local", "Bound");
        deleteClaim("rec-local");
        ObjectNode failed = waitPhase(PVS, "", "rec-local", "Failed");
        assertThat(failed.path("status").path("message").asText())
                .isEqualTo("error getting deleter volume plugin for volume \"rec-local\": no volume plugin matched");
        assertThat(event("default", "PersistentVolume", "rec-local", "VolumeFailedDelete"))
                .isEqualTo("error getting deleter volume plugin for volume \"rec-local\": no volume plugin matched");

        // Made by an external provisioner: that provisioner deletes it; the binder only marks it Released.
        pv("rec-external", "1Gi", "", "Delete", "{}", "{'pv.kubernetes.io/provisioned-by':'example.com/nfs'}");
        pvc("rec-external", "1Gi", "", "{'volumeName':'rec-external'}");
        waitPhase(PVCS, NS, "rec-external", "Bound");
        deleteClaim("rec-external");
        waitPhase(PVS, "", "rec-external", "Released");

        // Recycle is deprecated and needs a recycler plugin, which k3j does not have.
        pv("rec-recycle", "1Gi", "", "Recycle", "{}");
        pvc("rec-recycle", "1Gi", "", "{'volumeName':'rec-recycle'}");
        waitPhase(PVCS, NS, "rec-recycle", "Bound");
        deleteClaim("rec-recycle");
        waitPhase(PVS, "", "rec-recycle", "Failed");
        assertThat(event("default", "PersistentVolume", "rec-recycle", "VolumeFailedRecycle"))
                .isEqualTo("No recycler plugin found for the volume!");

        // The external provisioner's volume is still there, Released, long after the recycle one failed.
        assertThat(phase(k3j.getOrNull(PVS, "", "rec-external"))).isEqualTo("Released");
    }

    @Test
    void aClaimWhoseVolumeIsDeletedIsLost() {
        pv("lost-pv", "1Gi", "", "Retain", "{}");
        pvc("lost", "1Gi", "", "{'volumeName':'lost-pv'}");
        waitPhase(PVCS, NS, "lost", "Bound");
        k3j.delete(PVS, "", "lost-pv", DeleteOptions.DEFAULT);
        waitPhase(PVCS, NS, "lost", "Lost");
        assertThat(event(NS, "PersistentVolumeClaim", "lost", "ClaimLost"))
                .isEqualTo("Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    }

    @Test
    void aClaimWithoutAClassGetsTheDefaultOnceThereIsOne() {
        pvc("retro", "3Ti", null, "{}"); // bigger than any volume here: only provisioning can satisfy it
        assertThat(event(NS, "PersistentVolumeClaim", "retro", "FailedBinding")).isNotEmpty();
        try {
            storageClass("retro-default", "example.com/retro", "Immediate", true);
            ObjectNode claim = k3j.waitFor("default class assigned", PVCS, NS, "retro",
                    o -> o.path("spec").path("storageClassName").asText().equals("retro-default"));
            assertThat(claim.path("spec").path("storageClassName").asText()).isEqualTo("retro-default");
            assertThat(event(NS, "PersistentVolumeClaim", "retro", "ExternalProvisioning")).contains("'example.com/retro'");
        } finally {
            try {
                k3j.delete(CLASSES, "", "retro-default", DeleteOptions.DEFAULT);
            } catch (KubeApiException ignored) {
                // already gone
            }
        }
    }
}
