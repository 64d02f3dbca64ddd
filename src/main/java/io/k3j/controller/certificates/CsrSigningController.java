package io.k3j.controller.certificates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.client.WriteOptions;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.pki.CertificateAuthority;
import io.k3j.pki.Pem;
import io.k3j.pki.csr.CsrObjects;
import io.k3j.pki.csr.CsrSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's csrsigning controller for the kubernetes.io signers k3j runs: kube-apiserver-client and
 * kube-apiserver-client-kubelet with the client CA, kubelet-serving with the server CA (as K3s configures
 * kube-controller-manager). Approved requests get their certificate in status.certificate; a request that breaks its
 * signer's rules gets a Failed condition (reason SignerValidationFailure). The CAs are read from
 * {@code <data-dir>/server/tls} on a worker thread, once per controller instance, and signing runs there too.
 */
public final class CsrSigningController implements Controller {

    public static final String NAME = "csrsigning";
    private static final Logger LOG = Logger.getLogger(CsrSigningController.class.getName());
    private static final WriteOptions WRITE = WriteOptions.manager(NAME);

    private final Path tlsDir;
    private final Duration maxTtl;
    private Vertx vertx;
    private KubeClient client;
    private Clock clock;
    private Informer csrs;
    private WorkQueue queue;
    private volatile CertificateAuthority clientCa;
    private volatile CertificateAuthority serverCa;

    /** @param maxTtl --cluster-signing-duration (upstream and K3s: one year) */
    public CsrSigningController(Path tlsDir, Duration maxTtl) {
        this.tlsDir = tlsDir;
        this.maxTtl = maxTtl;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(ControllerContext ctx) {
        vertx = ctx.vertx();
        client = ctx.client();
        clock = ctx.clock();
        csrs = ctx.informers().of(CertificateControllers.CSRS);
        queue = new WorkQueue(vertx, NAME, 2, this::sync);
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
        if (!(SigningPlan.of(csr, maxTtl) instanceof SigningPlan.Skip)) {
            queue.add(Informer.keyOf(csr));
        }
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private Future<?> sync(String key) {
        ObjectNode cached = csrs.get(key);
        if (cached == null) {
            return Future.succeededFuture();
        }
        SigningPlan plan = SigningPlan.of(cached, maxTtl);
        ObjectNode csr = cached.deepCopy();
        return switch (plan) {
            case SigningPlan.Skip s -> Future.succeededFuture();
            case SigningPlan.Fail f -> {
                CsrObjects.addCondition(csr, CsrObjects.FAILED, "SignerValidationFailure", f.message(), clock.instant());
                yield writeStatus(csr);
            }
            case SigningPlan.Sign s -> vertx.executeBlocking(() -> {
                CertificateAuthority ca = ca(s.ca());
                return Pem.encode(CsrSigner.sign(s.request(), s.usages(), ca, clock.instant(), s.ttl()));
            }, false).compose(pem -> {
                csr.with("status").put("certificate",
                        Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
                return writeStatus(csr);
            });
        };
    }

    private Future<?> writeStatus(ObjectNode csr) {
        return client.updateStatus(CertificateControllers.CSRS, "", csr, WRITE).recover(e -> {
            if (e instanceof KubeApiException k && k.notFound()) {
                return Future.succeededFuture();
            }
            LOG.log(Level.FINE, "CSR status update failed", new Object[]{"csr", csr.path("metadata").path("name").asText(),
                    "error", e.getMessage()});
            return Future.failedFuture(e);
        });
    }

    private CertificateAuthority ca(SigningPlan.Ca which) throws java.io.IOException {
        if (which == SigningPlan.Ca.CLIENT) {
            if (clientCa == null) {
                clientCa = CertificateAuthority.load(tlsDir, "client-ca");
            }
            return clientCa;
        }
        if (serverCa == null) {
            serverCa = CertificateAuthority.load(tlsDir, "server-ca");
        }
        return serverCa;
    }
}
