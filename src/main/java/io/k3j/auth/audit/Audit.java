package io.k3j.auth.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Auditing for one server: the policy that decides what is recorded and the backend that writes it. The
 * backend's writer thread lives as long as {@link #verticle()} is deployed (deploy it before the API server, so
 * it stops after the last request).
 */
public final class Audit {

    private static final Logger LOG = Logger.getLogger(Audit.class.getName());

    private final AuditPolicy policy;
    private final AuditBackend backend;

    public Audit(AuditPolicy policy, AuditBackend backend) {
        this.policy = policy;
        this.backend = backend;
    }

    /** Reads the policy file (blocking, at boot). Without one, like kube-apiserver, nothing is recorded. */
    public static Audit create(AuditSettings settings, MeterRegistry registry, Clock clock) throws IOException {
        AuditPolicy policy;
        if (settings.policyFile() == null) {
            LOG.warning("No audit policy file provided, no events will be recorded");
            policy = AuditPolicy.empty();
        } else {
            policy = AuditPolicy.load(settings.policyFile());
        }
        return new Audit(policy, new AuditBackend(settings.sink(clock), AuditBackend.DEFAULT_CAPACITY, registry));
    }

    public AuditPolicy policy() {
        return policy;
    }

    public AuditBackend backend() {
        return backend;
    }

    public VerticleBase verticle() {
        return new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.executeBlocking(() -> {
                    backend.start();
                    return null;
                });
            }

            @Override
            public Future<?> stop() {
                return vertx.executeBlocking(() -> {
                    backend.close();
                    return null;
                });
            }
        };
    }
}
