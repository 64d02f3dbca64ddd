package io.k3j.store.log;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.StoreException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a whole batch in memory from the newest row of each key it touches (read in one query), for backends
 * where a round trip per op would dominate: later ops see earlier ones of the same batch, as they would in the
 * transaction.
 *
 * @param outcomes one per op, in order
 * @param applied  the successful events with the row each replaced, in revision order
 * @param revision the revision after the batch
 */
public record BatchDecision(List<Outcome> outcomes, List<Applied> applied, long revision) {

    /** A successful op: its event, and the key's newest row before it (for prev_revision), or null. */
    public record Applied(Event event, KeyValue replaced) {
    }

    public static BatchDecision decide(List<WriteOp> ops, Map<String, KeyValue> newest, long revision) {
        Map<String, KeyValue> latest = new HashMap<>(newest);
        List<Outcome> outcomes = new ArrayList<>(ops.size());
        List<Applied> applied = new ArrayList<>(ops.size());
        long rev = revision;
        for (WriteOp op : ops) {
            KeyValue before = latest.get(op.key());
            try {
                Event e = op.decide(before, rev + 1);
                rev++;
                latest.put(op.key(), e.kv());
                outcomes.add(Outcome.ok(e));
                applied.add(new Applied(e, before));
            } catch (StoreException ex) {
                outcomes.add(Outcome.failed(ex));
            }
        }
        return new BatchDecision(outcomes, applied, rev);
    }
}
