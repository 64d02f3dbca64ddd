package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.StoreException;
import io.k3j.store.WatchListener;
import io.k3j.store.Watcher;
import io.vertx.core.Context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One watcher's bounded mailbox. The hub offers shared, pre-filtered event lists; delivery happens on the
 * watcher's own context, so a slow listener only fills its own buffer — and is closed when that overflows.
 */
final class HubWatcher implements Watcher {

    final String prefix;
    private final WatchListener listener;
    private final Context context;
    private final int maxPending;
    private final BiConsumer<HubWatcher, Throwable> onClosed;
    private final ArrayDeque<List<Event>> pending = new ArrayDeque<>();
    private int pendingEvents;
    private boolean ready;       // false while history is being read; live events then just accumulate
    private boolean scheduled;
    private boolean closed;
    private long taken;          // highest revision handed to a drain (delivered or about to be)
    private volatile long delivered;

    HubWatcher(String prefix, long from, WatchListener listener, Context context, int maxPending,
               BiConsumer<HubWatcher, Throwable> onClosed) {
        this.prefix = prefix;
        this.listener = listener;
        this.context = context;
        this.maxPending = maxPending;
        this.onClosed = onClosed;
        this.taken = from;
        this.delivered = from;
    }

    /** Called by the hub, in revision order. Never blocks. */
    void offer(List<Event> events) {
        long resume;
        synchronized (this) {
            if (closed || events.isEmpty()) {
                return;
            }
            // One batch (at most a group commit's worth) always fits; a backlog beyond the bound does not.
            if (pending.isEmpty() || pendingEvents + events.size() <= maxPending) {
                pending.add(events);
                pendingEvents += events.size();
                schedule();
                return;
            }
            resume = taken;
        }
        fail(new StoreException.WatchLagged(resume));
    }

    /** History read after registration goes in front of the live events that arrived meanwhile. */
    synchronized void ready(List<Event> history) {
        if (closed) {
            return;
        }
        if (!history.isEmpty()) {
            pending.addFirst(history);
            pendingEvents += history.size();
        }
        ready = true;
        schedule();
    }

    synchronized void markReady() {
        ready = true;
        schedule();
    }

    private void schedule() {
        if (ready && !scheduled && !pending.isEmpty()) {
            scheduled = true;
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        List<Event> out;
        synchronized (this) {
            scheduled = false;
            if (closed) {
                return;
            }
            out = new ArrayList<>(pendingEvents);
            for (List<Event> l : pending) {
                for (Event e : l) {
                    // History and live events may overlap by a few revisions; deliver each once.
                    if (e.revision() > taken) {
                        out.add(e);
                        taken = e.revision();
                    }
                }
            }
            pending.clear();
            pendingEvents = 0;
        }
        if (!out.isEmpty()) {
            try {
                listener.onEvents(out);
            } catch (RuntimeException e) {
                // A broken listener ends its own watch, nobody else's.
                fail(e);
                return;
            }
            delivered = out.getLast().revision();
        }
    }

    void fail(Throwable cause) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            pendingEvents = 0;
        }
        // Outside our lock: the hub takes its own lock here, and the hub calls offer() holding it.
        onClosed.accept(this, cause);
        context.runOnContext(v -> listener.onClose(cause));
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public long lastRevision() {
        return delivered;
    }

    @Override
    public void cancel() {
        fail(null);
    }
}
