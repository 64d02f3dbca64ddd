package io.k3j.addons.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How an applied object records the Addon that owns it, with the labels and annotations K3s's apply machinery
 * (wrangler's object sets) writes. Not an ownerReference: an Addon lives in kube-system while its objects live in
 * any namespace or none, and the garbage collector treats an ownerReference to an owner that is not in the object's
 * own namespace as an owner that is gone, deleting the object.
 */
public final class Ownership {

    public static final String HASH_LABEL = "objectset.rio.cattle.io/hash";
    public static final String OWNER_GVK = "objectset.rio.cattle.io/owner-gvk";
    public static final String OWNER_NAME = "objectset.rio.cattle.io/owner-name";
    public static final String OWNER_NAMESPACE = "objectset.rio.cattle.io/owner-namespace";
    public static final String APPLIED_ID = "objectset.rio.cattle.io/id";
    static final String ADDON_GVK = "k3s.cattle.io/v1, Kind=Addon";

    private Ownership() {
    }

    /** The label value that selects every object of one Addon: SHA-1 of its identity (40 hex, a valid label). */
    public static String hash(String addonNamespace, String addonName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(
                    (ADDON_GVK + "/" + addonNamespace + "/" + addonName).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code obj} marked as the Addon's, ready to apply. */
    public static ObjectNode mark(ObjectNode obj, String addonNamespace, String addonName) {
        ObjectNode out = obj.deepCopy();
        ObjectNode meta = out.with("metadata");
        meta.with("labels").put(HASH_LABEL, hash(addonNamespace, addonName));
        meta.with("annotations")
                .put(APPLIED_ID, "")
                .put(OWNER_GVK, ADDON_GVK)
                .put(OWNER_NAME, addonName)
                .put(OWNER_NAMESPACE, addonNamespace);
        return out;
    }

    public static String selector(String addonNamespace, String addonName) {
        return HASH_LABEL + "=" + hash(addonNamespace, addonName);
    }
}
