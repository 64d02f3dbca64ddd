package io.k3j.log;

import java.util.logging.LogManager;

/**
 * A LogManager that ignores the reset the JVM's own shutdown hook performs, so the lines k3j logs
 * while it shuts down ("stopped", component errors) still reach the console. The launcher selects
 * it with -Djava.util.logging.manager; {@link Logging} resets it once, explicitly, at start.
 */
public final class RetainingLogManager extends LogManager {

    @Override
    public void reset() {
        // Deliberately empty: called by java.util.logging's shutdown hook, concurrently with ours.
    }

    void resetNow() {
        super.reset();
    }
}
