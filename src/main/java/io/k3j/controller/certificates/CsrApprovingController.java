package io.k3j.controller.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrException;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.KubeletCsrRules;
import io.k3j.pki.csr.SignerNames;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's csrapproving controller: a pending kube-apiserver-client-kubelet CSR that is a valid kubelet client
 * request is approved when its requester may {@code create} {@code certificatesigningrequests/selfnodeclient} (the
 * request is for the requester's own node identity) or {@code certificatesigningrequests/nodeclient} (any node:
 * bootstrap tokens), asked through a SubjectAccessReview as the requester recorded in the CSR's spec.
 */
public final class CsrApprovingController implements Controller {

    public static final String NAME = "csrapproving";
    private static final WriteOptions WRITE = WriteOptions.manager(NAME);

    /** One way a CSR can be approved: what it must look like and which permission its requester needs. */
    record Recognizer(String subresource, String message) {
        boolean recognizes(JsonNode csr, CertificateRequest r) {
            boolean nodeClient = SignerNames.KUBE_APISERVER_CLIENT_KUBELET.equals(CsrObjects.signerName(csr))
                    && KubeletCsrRules.isClient(r, CsrObjects.usages(csr));
            if (subresource.equals("selfnodeclient")) {
                return nodeClient && csr.path("spec").path("username").asText("").equals(r.commonName());
            }
            return nodeClient;
        }
    }

    static final List<Recognizer> RECOGNIZERS = List.of(
            new Recognizer("selfnodeclient", "Auto approving self kubelet client certificate after SubjectAccessReview."),
            new Recognizer("nodeclient", "Auto approving kubelet client certificate after SubjectAccessReview."));

    private KubeClient client;
    private Clock clock;
    private Informer csrs;
    private WorkQueue queue;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        client = ctx.client();
        clock = ctx.clock();
        csrs = ctx.informers().of(CertificateControllers.CSRS);
        queue = new WorkQueue(ctx.vertx(), NAME, 2, this::sync);
        csrs.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode csr) {
                enqueue(csr);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode csr) {
                enqueue(csr);
            }
        });
    }

    private void enqueue(ObjectNode csr) {
        if (pending(csr)) {
            queue.add(Informer.keyOf(csr));
        }
    }

    static boolean pending(JsonNode csr) {
        return !CsrObjects.hasCertificate(csr) && CsrObjects.condition(csr, CsrObjects.APPROVED).isEmpty()
                && CsrObjects.condition(csr, CsrObjects.DENIED).isEmpty()
                && SignerNames.KUBE_APISERVER_CLIENT_KUBELET.equals(CsrObjects.signerName(csr));
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String key) {
        ObjectNode cached = csrs.get(key);
        if (cached == null || !pending(cached)) {
            return Future.succeededFuture();
        }
        CertificateRequest r;
        try {
            r = CsrObjects.parsedRequest(cached);
        } catch (CsrException e) {
            return Future.succeededFuture();
        }
        List<Recognizer> matching = new ArrayList<>();
        for (Recognizer rec : RECOGNIZERS) {
            if (rec.recognizes(cached, r)) {
                matching.add(rec);
            }
        }
        return tryApprove(cached, matching, 0);
    }

    /** The recognizers in order: the first whose review allows approves; none allowing leaves the CSR pending. */
    private Future<Void> tryApprove(ObjectNode csr, List<Recognizer> matching, int i) {
        if (i >= matching.size()) {
            return Future.succeededFuture();
        }
        Recognizer rec = matching.get(i);
        return client.create(CertificateControllers.SUBJECT_ACCESS_REVIEWS, "", review(csr, rec.subresource()), WRITE)
                .<Void>compose(answer -> {
                    if (!answer.path("status").path("allowed").asBoolean(false)) {
                        return tryApprove(csr, matching, i + 1);
                    }
                    ObjectNode approved = csr.deepCopy();
                    CsrObjects.addCondition(approved, CsrObjects.APPROVED, "AutoApproved", rec.message(), clock.instant());
                    return client.updateSubresource(CertificateControllers.CSRS, "", approved, "approval", WRITE)
                            .<Void>mapEmpty()
                            .recover(e -> e instanceof KubeApiException k && k.notFound()
                                    ? Future.succeededFuture() : Future.failedFuture(e));
                });
    }

    /** A SubjectAccessReview for the CSR's requester, as recorded on create. */
    static ObjectNode review(JsonNode csr, String subresource) {
        JsonNode spec = csr.path("spec");
        ObjectNode sar = Json.MAPPER.createObjectNode();
        sar.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
        ObjectNode s = sar.putObject("spec");
        s.put("user", spec.path("username").asText(""));
        if (spec.hasNonNull("uid")) {
            s.put("uid", spec.path("uid").asText());
        }
        if (spec.has("groups")) {
            s.set("groups", spec.get("groups").deepCopy());
        }
        if (spec.has("extra")) {
            s.set("extra", spec.get("extra").deepCopy());
        }
        s.putObject("resourceAttributes").put("group", "certificates.k8s.io").put("resource", "certificatesigningrequests")
                .put("verb", "create").put("subresource", subresource).put("version", "*");
        return sar;
    }
}
