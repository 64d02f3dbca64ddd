package io.k3j.store.log;

import io.k3j.store.Event;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For a database that several servers write: the one reader that turns new rows into watch events, in revision
 * order. Woken by local commits and by the database's change notifications; a slow safety tick covers a lost
 * notification. One read runs at a time; a wake-up during a read causes one more read.
 */
final class Poller {

    private static final Logger LOG = Logger.getLogger(Poller.class.getName());
    private static final int PAGE = 500;

    private final Backend backend;
    private final LongSupplier seen;
    private final Consumer<List<Event>> deliver;
    private final LongConsumer onGap;
    private final Vertx vertx;
    private final long timer;
    private boolean running;
    private boolean again;
    private volatile boolean stopped;

    Poller(Vertx vertx, Backend backend, LongSupplier seen, Consumer<List<Event>> deliver, LongConsumer onGap) {
        this.onGap = onGap;
        this.vertx = vertx;
        this.backend = backend;
        this.seen = seen;
        this.deliver = deliver;
        this.timer = vertx.setPeriodic(5_000, id -> wake());
    }

    void wake() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            running = true;
            again = false;
        }
        read();
    }

    private void read() {
        long from = seen.getAsLong();
        backend.after("", KeyRanges.end(""), from, Long.MAX_VALUE, PAGE).onComplete(ar -> {
            boolean more;
            if (ar.succeeded()) {
                List<Event> page = ar.result();
                if (!page.isEmpty() && page.getFirst().revision() != from + 1) {
                    // Revisions are gapless on a shared database (see PgBackend), so a hole means compaction
                    // removed rows this server had not read yet: its watchers cannot be told everything.
                    LOG.warning("datastore poller fell behind compaction at revision " + from);
                    onGap.accept(from);
                }
                if (!page.isEmpty()) {
                    try {
                        deliver.accept(page);
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "datastore event fan-out failed", e);
                    }
                }
                more = page.size() == PAGE;
            } else {
                LOG.log(Level.WARNING, "datastore poll failed: " + ar.cause().getMessage());
                more = false;
            }
            synchronized (this) {
                if (!more && !again || stopped) {
                    running = false;
                    return;
                }
                again = false;
            }
            read();
        });
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
