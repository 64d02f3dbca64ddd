package io.k3j.server;

/** Event-bus addresses of the server's own coordination (each component keeps its own constants). */
public final class Addresses {

    /** Prefix of health checks: a component answers {@code k3j.health.<check>} with "ok" or a failure. */
    public static final String HEALTH_PREFIX = "k3j.health.";

    /** Published once when the process begins an orderly shutdown; readiness turns false. */
    public static final String SHUTDOWN = "k3j.server.shutdown";

    private Addresses() {
    }

    public static String health(String check) {
        return HEALTH_PREFIX + check;
    }
}
