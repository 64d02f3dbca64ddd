package io.k3j.auth.authn;

import io.vertx.core.Future;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one authenticator so that nothing it does can turn into a 5xx: a thrown exception or a failed future
 * becomes an {@link AuthResult.Failure} (401), and is logged, because it means a bug or an unavailable store.
 */
final class Guarded {

    private static final Logger LOG = Logger.getLogger(Guarded.class.getName());

    private Guarded() {
    }

    static Future<AuthResult> call(Supplier<Future<AuthResult>> step) {
        Future<AuthResult> f;
        try {
            f = step.get();
        } catch (RuntimeException | StackOverflowError e) {
            return Future.succeededFuture(broken(e));
        }
        return f.recover(e -> Future.succeededFuture(broken(e)));
    }

    private static AuthResult broken(Throwable e) {
        LOG.log(Level.WARNING, "authenticator failed", new Object[]{"error", String.valueOf(e)});
        return AuthResult.failure("authentication is unavailable: " + e.getClass().getSimpleName());
    }
}
