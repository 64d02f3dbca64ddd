package io.k3j.addons.helm;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps SIGTERM and SIGINT meaning "shut down" after Helm ran. The native Helm library (a Go runtime) installs its
 * own handlers for them when it loads and on some calls (helm-java issue 409), so the JVM's shutdown hooks would
 * never run and k3j would ignore a service stop. After each Helm call we install handlers again that exit the JVM,
 * which runs the shutdown hooks (orderly stop). Remove once helm-java restores the handlers itself.
 */
final class SignalGuard {

    private static final AtomicBoolean EXITING = new AtomicBoolean();

    private SignalGuard() {
    }

    @SuppressWarnings("removal")
    static void restore() {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    if (EXITING.compareAndSet(false, true)) {
                        // exit() from a new thread: the signal thread must not block in shutdown hooks.
                        Thread.ofPlatform().name("k3j-signal-exit").start(() -> System.exit(128 + sig.getNumber()));
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is not available on this platform: nothing to restore
            }
        }
    }
}
