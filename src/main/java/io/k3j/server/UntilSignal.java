package io.k3j.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a process's main part until SIGTERM/SIGINT, for `k3j server` and `k3j agent`. The shutdown hook goes in
 * before start-up: a SIGTERM during start-up (a supervisor, a test) must still stop in order rather than kill the
 * JVM mid-boot, so the hook waits for start-up (up to {@code budgetMs}) and then stops what started.
 */
public final class UntilSignal {

    private UntilSignal() {
    }

    /** Starts, waits for a signal, stops; returns the exit code. Start-up exceptions propagate. */
    public static <T> int run(Supplier<T> start, Consumer<T> stop, long budgetMs, String hookThread)
            throws InterruptedException {
        AtomicReference<T> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await(budgetMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            T r = running.get();
            if (r != null) {
                stop.accept(r);
            }
            stopped.countDown();
        }, hookThread));
        try {
            running.set(start.get());
        } finally {
            started.countDown();
        }
        stopped.await();
        return 0;
    }
}
