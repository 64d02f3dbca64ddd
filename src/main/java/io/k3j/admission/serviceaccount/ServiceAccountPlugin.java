package io.k3j.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.admission.support.ObjectFields;
import io.vertx.core.Future;

/**
 * Upstream's ServiceAccount plugin. A new pod runs as the namespace's "default" ServiceAccount unless it names
 * one; the account must exist; unless the pod or the account opts out, every container and init container gets
 * the account's token, the cluster CA and the namespace in a projected volume at
 * /var/run/secrets/kubernetes.io/serviceaccount; a pod without image pull secrets takes the account's. Mirror pods
 * (static pods the kubelet reports) are never changed and may reference no account, secret or token.
 */
public final class ServiceAccountPlugin implements MutatingPlugin, ValidatingPlugin {

    public static final String NAME = "ServiceAccount";
    static final String DEFAULT_ACCOUNT = "default";
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private final ServiceAccounts accounts;
    private final TokenVolume tokenVolume;

    public ServiceAccountPlugin(AdmissionEnv env) {
        this(new ServiceAccounts(env), new TokenVolume(new java.security.SecureRandom()));
    }

    ServiceAccountPlugin(ServiceAccounts accounts, TokenVolume tokenVolume) {
        this.accounts = accounts;
        this.tokenVolume = tokenVolume;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Pod creates; the ephemeralcontainers subresource is upstream's only other case (mountable secrets). */
    @Override
    public boolean handles(AdmissionRequest r) {
        return r.is("", "pods", "") && r.operation() == Operation.CREATE && r.object() != null;
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        ObjectNode pod = r.object();
        if (isMirror(pod)) {
            return Future.succeededFuture(); // checked (never changed) in validate
        }
        ObjectNode spec = ObjectFields.object(pod, "spec");
        if (ObjectFields.text(spec, "serviceAccountName").isEmpty()) {
            spec.put("serviceAccountName", DEFAULT_ACCOUNT);
        }
        return account(r, spec.path("serviceAccountName").asText()).map(sa -> {
            if (automount(sa, spec)) {
                tokenVolume.mount(pod);
            }
            if (spec.path("imagePullSecrets").isEmpty() && !sa.path("imagePullSecrets").isEmpty()) {
                ArrayNode pulls = spec.putArray("imagePullSecrets");
                for (JsonNode s : sa.path("imagePullSecrets")) {
                    pulls.addObject().put("name", s.path("name").asText());
                }
            }
            return null;
        });
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        ObjectNode pod = r.object();
        if (isMirror(pod)) {
            String why = MirrorPods.violation(pod);
            return why == null ? Future.succeededFuture() : Future.failedFuture(AdmissionDenied.forbidden(r, why));
        }
        String account = ObjectFields.text(pod, "spec", "serviceAccountName");
        if (account.isEmpty()) {
            return Future.failedFuture(AdmissionDenied.forbidden(r,
                    "no service account specified for pod " + r.namespace() + "/" + ObjectFields.name(pod)));
        }
        return account(r, account).mapEmpty();
    }

    private Future<ObjectNode> account(AdmissionRequest r, String name) {
        return accounts.get(r.namespace(), name).compose(sa -> sa != null ? Future.succeededFuture(sa)
                : Future.failedFuture(AdmissionDenied.forbidden(r, "error looking up service account "
                + r.namespace() + "/" + name + ": serviceaccount \"" + name + "\" not found")));
    }

    /** The pod's choice wins, then the account's; mounting is the default. */
    static boolean automount(JsonNode sa, JsonNode spec) {
        JsonNode pod = spec.get("automountServiceAccountToken");
        if (pod != null && pod.isBoolean()) {
            return pod.asBoolean();
        }
        JsonNode account = sa.get("automountServiceAccountToken");
        return account == null || !account.isBoolean() || account.asBoolean();
    }

    static boolean isMirror(JsonNode pod) {
        return ObjectFields.annotation(pod, MIRROR_ANNOTATION) != null;
    }
}
