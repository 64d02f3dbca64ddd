package io.k3j.admission.ingressclass;

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
 * Upstream's DefaultIngressClass: a new Ingress with neither spec.ingressClassName nor the old
 * kubernetes.io/ingress.class annotation gets the default IngressClass, the newest if several are marked.
 */
public final class DefaultIngressClassPlugin implements MutatingPlugin {

    public static final String NAME = "DefaultIngressClass";
    static final String GROUP = "networking.k8s.io";
    static final String IS_DEFAULT = "ingressclass.kubernetes.io/is-default-class";
    static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    private final AdmissionLookup lookup;

    public DefaultIngressClassPlugin(AdmissionEnv env) {
        this.lookup = env.lookup();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.is(GROUP, "ingresses", "") && r.operation() == Operation.CREATE && r.object() != null;
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        JsonNode spec = r.object().path("spec");
        if (spec.has("ingressClassName") && !spec.get("ingressClassName").isNull()
                || ObjectFields.annotation(r.object(), CLASS_ANNOTATION) != null) {
            return Future.succeededFuture();
        }
        return lookup.list(GROUP, "ingressclasses", "").map(classes -> {
            DefaultClasses.newest(classes, ic -> "true".equals(ObjectFields.annotation(ic, IS_DEFAULT))).ifPresent(ic ->
                    ObjectFields.object(r.object(), "spec").put("ingressClassName", ObjectFields.name(ic)));
            return null;
        });
    }
}
