package io.k3j.admission.tolerations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.support.ObjectFields;
import io.vertx.core.Future;

/**
 * Upstream's DefaultTolerationSeconds: a pod that does not already tolerate the node lifecycle taints
 * node.kubernetes.io/not-ready and node.kubernetes.io/unreachable (NoExecute) tolerates them for a while
 * (300 s by default, kube-apiserver's --default-not-ready-toleration-seconds and
 * --default-unreachable-toleration-seconds), so its pods move off a dead node after five minutes, not at once.
 */
public final class DefaultTolerationSecondsPlugin implements MutatingPlugin {

    public static final String NAME = "DefaultTolerationSeconds";
    public static final long DEFAULT_SECONDS = 300;
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final long notReadySeconds;
    private final long unreachableSeconds;

    public DefaultTolerationSecondsPlugin() {
        this(DEFAULT_SECONDS, DEFAULT_SECONDS);
    }

    public DefaultTolerationSecondsPlugin(long notReadySeconds, long unreachableSeconds) {
        this.notReadySeconds = notReadySeconds;
        this.unreachableSeconds = unreachableSeconds;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.is("", "pods", "") && r.object() != null
                && (r.operation() == Operation.CREATE || r.operation() == Operation.UPDATE);
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        ObjectNode spec = ObjectFields.object(r.object(), "spec");
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : spec.path("tolerations")) {
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            notReady |= noExecute && (key.isEmpty() || key.equals(NOT_READY));
            unreachable |= noExecute && (key.isEmpty() || key.equals(UNREACHABLE));
        }
        if (!notReady) {
            add(ObjectFields.array(spec, "tolerations"), NOT_READY, notReadySeconds);
        }
        if (!unreachable) {
            add(ObjectFields.array(spec, "tolerations"), UNREACHABLE, unreachableSeconds);
        }
        return Future.succeededFuture();
    }

    private static void add(ArrayNode tolerations, String key, long seconds) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", seconds);
    }
}
