package io.k3j.store;

/** Event-bus addresses of the datastore, in one place. */
public final class StoreAddresses {
    /** Published: {@link EventBatch} per commit, in revision order, local codec (by reference). */
    public static final String EVENTS = "k3j.store.events";
    /** Request/reply: replies "ok" when the store answers a trivial read, fails with 503 otherwise. */
    public static final String HEALTH = "k3j.health.datastore";

    private StoreAddresses() {
    }
}
