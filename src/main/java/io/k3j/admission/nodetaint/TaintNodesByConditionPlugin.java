package io.k3j.admission.nodetaint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.support.ObjectFields;
import io.vertx.core.Future;

/**
 * Upstream's TaintNodesByCondition: a new Node starts tainted node.kubernetes.io/not-ready:NoSchedule, so nothing
 * is scheduled onto it before the node lifecycle controller has seen it Ready and lifted the taint.
 */
public final class TaintNodesByConditionPlugin implements MutatingPlugin {

    public static final String NAME = "TaintNodesByCondition";
    static final String NOT_READY = "node.kubernetes.io/not-ready";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.is("", "nodes", "") && r.operation() == Operation.CREATE && r.object() != null;
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        ObjectNode spec = ObjectFields.object(r.object(), "spec");
        for (JsonNode t : spec.path("taints")) {
            if (NOT_READY.equals(t.path("key").asText()) && "NoSchedule".equals(t.path("effect").asText())) {
                return Future.succeededFuture();
            }
        }
        ArrayNode taints = ObjectFields.array(spec, "taints");
        taints.addObject().put("key", NOT_READY).put("effect", "NoSchedule");
        return Future.succeededFuture();
    }
}
