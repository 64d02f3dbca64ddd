package io.k3j.store;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes {@link EventBatch} by reference on the local event bus: one commit reaches every consumer without
 * re-serialising per consumer. The batch is immutable, which is what makes sharing it safe.
 */
public final class EventBatchCodec implements MessageCodec<EventBatch, EventBatch> {

    /** Registers the codec on {@code vertx} once; later calls (more stores, redeploys) are no-ops. */
    public static void register(Vertx vertx) {
        synchronized (EventBatchCodec.class) {
            try {
                vertx.eventBus().registerDefaultCodec(EventBatch.class, new EventBatchCodec());
            } catch (IllegalStateException alreadyRegistered) {
                // another store on this Vertx registered it first
            }
        }
    }

    @Override
    public void encodeToWire(Buffer buffer, EventBatch batch) {
        throw new UnsupportedOperationException("EventBatch is local-only");
    }

    @Override
    public EventBatch decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException("EventBatch is local-only");
    }

    @Override
    public EventBatch transform(EventBatch batch) {
        return batch;
    }

    @Override
    public String name() {
        return "k3j.store.EventBatch";
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
