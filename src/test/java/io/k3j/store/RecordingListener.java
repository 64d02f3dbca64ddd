package io.k3j.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects a watcher's events and close cause for assertions. */
public class RecordingListener implements WatchListener {
    public final List<Event> events = new CopyOnWriteArrayList<>();
    public volatile Throwable closeCause;
    public volatile boolean closed;

    @Override
    public void onEvents(List<Event> batch) {
        events.addAll(batch);
    }

    @Override
    public void onClose(Throwable cause) {
        closeCause = cause;
        closed = true;
    }

    public List<Long> revisions() {
        List<Long> out = new ArrayList<>();
        for (Event e : events) {
            out.add(e.revision());
        }
        return out;
    }
}
