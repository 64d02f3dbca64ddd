package io.k3j.controller.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.volume.Claim;
import io.k3j.volume.StorageClasses;
import io.vertx.core.Future;

import java.util.Map;
import java.util.Optional;

/**
 * Upstream's provisionClaim for a claim with a class and no volume. k3j's controller manager has no in-tree volume
 * plugins, so a class names either an external provisioner (the claim is annotated for it and an
 * ExternalProvisioning event says what it waits for), an in-tree plugin migrated to CSI (the same, under the CSI
 * driver's name), or another "kubernetes.io/" plugin, which fails as upstream's plugin lookup fails
 * (ProvisioningFailed; that includes kubernetes.io/no-provisioner on Immediate classes).
 */
final class Provisioning {

    /** In-tree provisioners whose CSI migration is on by default, and the CSI driver that serves them. */
    static final Map<String, String> MIGRATED = Map.of(
            "kubernetes.io/aws-ebs", "ebs.csi.aws.com",
            "kubernetes.io/gce-pd", "pd.csi.storage.gke.io",
            "kubernetes.io/azure-disk", "disk.csi.azure.com",
            "kubernetes.io/azure-file", "file.csi.azure.com",
            "kubernetes.io/cinder", "cinder.csi.openstack.org",
            "kubernetes.io/vsphere-volume", "csi.vsphere.vmware.com");

    private final BinderCaches caches;
    private final BindingWrites writes;

    Provisioning(BinderCaches caches, BindingWrites writes) {
        this.caches = caches;
        this.writes = writes;
    }

    Future<Void> provision(Claim claim) {
        Optional<ObjectNode> sc = caches.classes().get(claim.className());
        if (sc.isEmpty()) {
            writes.events().warning(claim.object(), "ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + claim.className() + "\" not found");
            return Future.succeededFuture();
        }
        String provisioner = StorageClasses.provisioner(sc.get());
        String external = MIGRATED.getOrDefault(provisioner, provisioner.startsWith("kubernetes.io/") ? null : provisioner);
        if (external == null) {
            writes.events().warning(claim.object(), "ProvisioningFailed", "no volume plugin matched name: " + provisioner);
            return Future.succeededFuture();
        }
        return writes.setClaimProvisioner(claim, external)
                .onSuccess(c -> writes.events().normal(c.object(), "ExternalProvisioning",
                        "Waiting for a volume to be created either by the external provisioner '" + external
                                + "' or manually by the system administrator. If volume creation is delayed, please verify"
                                + " that the provisioner is running and correctly registered."))
                .onFailure(e -> writes.events().warning(claim.object(), "ProvisioningFailed", "Error saving claim: " + e.getMessage()))
                .mapEmpty();
    }
}
