package io.k3j.admission.storageclass;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.support.DefaultClasses;
import io.k3j.admission.support.ObjectFields;
import io.vertx.core.Future;

/**
 * Upstream's DefaultStorageClass: a new PersistentVolumeClaim that names no class (neither spec.storageClassName,
 * even empty, nor the old beta annotation) gets the default StorageClass, the newest if several are marked.
 */
public final class DefaultStorageClassPlugin implements MutatingPlugin {

    public static final String NAME = "DefaultStorageClass";
    static final String IS_DEFAULT = "storageclass.kubernetes.io/is-default-class";
    static final String IS_DEFAULT_BETA = "storageclass.beta.kubernetes.io/is-default-class";
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private final AdmissionLookup lookup;

    public DefaultStorageClassPlugin(AdmissionEnv env) {
        this.lookup = env.lookup();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.is("", "persistentvolumeclaims", "") && r.operation() == Operation.CREATE && r.object() != null;
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        JsonNode spec = r.object().path("spec");
        if (spec.has("storageClassName") && !spec.get("storageClassName").isNull()
                || ObjectFields.annotation(r.object(), BETA_CLASS_ANNOTATION) != null) {
            return Future.succeededFuture();
        }
        return lookup.list("storage.k8s.io", "storageclasses", "").map(classes -> {
            DefaultClasses.newest(classes, DefaultStorageClassPlugin::isDefault).ifPresent(sc ->
                    ObjectFields.object(r.object(), "spec").put("storageClassName", ObjectFields.name(sc)));
            return null;
        });
    }

    static boolean isDefault(JsonNode sc) {
        return "true".equals(ObjectFields.annotation(sc, IS_DEFAULT))
                || "true".equals(ObjectFields.annotation(sc, IS_DEFAULT_BETA));
    }
}
