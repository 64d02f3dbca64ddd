package io.k3j.controller.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.support.Meta;
import io.k3j.pki.Pem;
import io.k3j.pki.csr.CsrObjects;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's csrcleaner: every hour, CSRs that are done with are deleted — approved and issued, denied or failed
 * for more than an hour, pending for more than a day, or whose issued certificate has expired.
 */
public final class CsrCleanerController implements Controller {

    public static final String NAME = "csrcleaner";
    public static final Duration POLLING_INTERVAL = Duration.ofHours(1);
    static final Duration APPROVED_EXPIRATION = Duration.ofHours(1);
    static final Duration DENIED_EXPIRATION = Duration.ofHours(1);
    static final Duration FAILED_EXPIRATION = Duration.ofHours(1);
    static final Duration PENDING_EXPIRATION = Duration.ofHours(24);

    private final Duration interval;
    private Vertx vertx;
    private KubeClient client;
    private Clock clock;
    private Informer csrs;
    private long timer = -1;

    public CsrCleanerController(Duration interval) {
        this.interval = interval;
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
        csrs.synced().onSuccess(v -> sweep());
        timer = vertx.setPeriodic(interval.toMillis(), id -> sweep());
    }

    @Override
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        for (ObjectNode csr : csrs.list()) {
            if (expired(csr, now)) {
                client.delete(CertificateControllers.CSRS, "", Meta.name(csr),
                                DeleteOptions.DEFAULT.withPreconditions(Meta.uid(csr), ""))
                        .recover(e -> e instanceof KubeApiException k && (k.notFound() || k.conflict())
                                ? Future.succeededFuture() : Future.failedFuture(e));
            }
        }
    }

    /** Whether the cleaner deletes this CSR at {@code now}. */
    static boolean expired(JsonNode csr, Instant now) {
        if (issuedExpired(csr, now)) {
            return true;
        }
        boolean approved = CsrObjects.condition(csr, CsrObjects.APPROVED).isPresent();
        boolean denied = CsrObjects.condition(csr, CsrObjects.DENIED).isPresent();
        boolean failed = CsrObjects.condition(csr, CsrObjects.FAILED).isPresent();
        if (!approved && !denied && !failed) {
            Instant created = time(csr.path("metadata").path("creationTimestamp"));
            return created != null && created.plus(PENDING_EXPIRATION).isBefore(now);
        }
        return pastDeadline(csr, CsrObjects.DENIED, DENIED_EXPIRATION, now)
                || pastDeadline(csr, CsrObjects.FAILED, FAILED_EXPIRATION, now)
                || CsrObjects.hasCertificate(csr) && pastDeadline(csr, CsrObjects.APPROVED, APPROVED_EXPIRATION, now);
    }

    private static boolean pastDeadline(JsonNode csr, String type, Duration age, Instant now) {
        Optional<JsonNode> c = CsrObjects.condition(csr, type);
        if (c.isEmpty()) {
            return false;
        }
        Instant at = time(c.get().path("lastUpdateTime"));
        return at != null && at.plus(age).isBefore(now);
    }

    private static boolean issuedExpired(JsonNode csr, Instant now) {
        if (!CsrObjects.hasCertificate(csr)) {
            return false;
        }
        try {
            List<X509Certificate> certs = Pem.parseCertificates(new String(CsrObjects.certificate(csr), StandardCharsets.US_ASCII));
            for (X509Certificate c : certs) {
                if (c.getNotAfter().toInstant().isBefore(now)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    private static Instant time(JsonNode t) {
        String s = t.asText("");
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
