package io.k3j.store;

import java.util.List;

/**
 * Events committed together, in revision order, as published on {@link StoreAddresses#EVENTS}. Immutable, so the
 * local codec can hand the same instance to every consumer.
 *
 * @param revision the store revision after this batch (the last event's revision)
 */
public record EventBatch(List<Event> events, long revision) {
    public EventBatch {
        events = List.copyOf(events);
    }
}
