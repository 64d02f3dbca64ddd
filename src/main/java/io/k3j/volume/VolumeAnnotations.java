package io.k3j.volume;

/** The annotations and special names upstream's binder, scheduler and provisioners agree on. */
public final class VolumeAnnotations {

    /** On a claim: the binder finished binding it (value "yes"); from then on the claim is synced as bound. */
    public static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** On either side: the binding was made by the controller, not pre-set by the user (value "yes"). */
    public static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** On a claim: the node the scheduler chose for a WaitForFirstConsumer claim that needs provisioning. */
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** On a volume: the provisioner (plugin or external) that created it. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** On a claim: the provisioner expected to create its volume (GA and beta spellings, both written). */
    public static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    public static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    /** The pre-1.6 way to name a class; it still wins over spec.storageClassName when present. */
    public static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";
    /** On a volume handled by a CSI driver after in-tree migration: the binder leaves reclaiming to the driver. */
    public static final String MIGRATED_TO = "pv.kubernetes.io/migrated-to";
    /** A StorageClass provisioner that means "no dynamic provisioning" (static local volumes). */
    public static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    /** StorageClass default markers. */
    public static final String IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    public static final String BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

    private VolumeAnnotations() {
    }
}
