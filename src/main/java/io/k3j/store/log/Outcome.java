package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.StoreException;

/** Result of one op inside a committed batch: exactly one of event / error is set. */
public record Outcome(Event event, StoreException error) {
    public static Outcome ok(Event e) {
        return new Outcome(e, null);
    }

    public static Outcome failed(StoreException e) {
        return new Outcome(null, e);
    }
}
