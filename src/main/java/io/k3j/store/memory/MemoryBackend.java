package io.k3j.store.memory;

import io.k3j.store.Event;
import io.k3j.store.KeyValue;
import io.k3j.store.RangeResult;
import io.k3j.store.StoreException;
import io.k3j.store.log.Backend;
import io.k3j.store.log.LogState;
import io.k3j.store.log.Outcome;
import io.k3j.store.log.WriteOp;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log kept in the heap: for unit tests and for benchmarking the layers above without disk. Every method is a
 * short critical section, so plain synchronisation is enough; nothing here blocks for I/O.
 */
final class MemoryBackend implements Backend {

    private final TreeMap<String, List<KeyValue>> versions = new TreeMap<>();
    private final List<Event> log = new ArrayList<>();
    private long current;
    private long compacted;
    private long bytes;

    @Override
    public synchronized Future<LogState> open() {
        return Future.succeededFuture(new LogState(current, compacted));
    }

    @Override
    public synchronized Future<List<Outcome>> commit(List<WriteOp> ops) {
        List<Outcome> out = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            List<KeyValue> vs = versions.get(op.key());
            KeyValue latest = vs == null || vs.isEmpty() ? null : vs.getLast();
            try {
                Event e = op.decide(latest, current + 1);
                current++;
                versions.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(e.kv());
                log.add(e);
                bytes += e.key().length() + (e.kv().value() == null ? 0 : e.kv().value().length) + 48;
                out.add(Outcome.ok(e));
            } catch (StoreException ex) {
                out.add(Outcome.failed(ex));
            }
        }
        return Future.succeededFuture(out);
    }

    private static KeyValue at(List<KeyValue> vs, long rev) {
        for (int i = vs.size() - 1; i >= 0; i--) {
            if (vs.get(i).modRevision() <= rev) {
                return vs.get(i);
            }
        }
        return null;
    }

    private long resolve(long rev) {
        return rev <= 0 ? current : rev;
    }

    @Override
    public synchronized Future<KeyValue> latest(String key, long rev) {
        List<KeyValue> vs = versions.get(key);
        return Future.succeededFuture(vs == null ? null : at(vs, resolve(rev)));
    }

    @Override
    public synchronized Future<RangeResult> range(String from, String end, int limit, long rev) {
        long r = resolve(rev);
        List<KeyValue> out = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, List<KeyValue>> e : versions.subMap(from, end).entrySet()) {
            KeyValue kv = at(e.getValue(), r);
            if (kv != null && !kv.tombstone()) {
                if (limit > 0 && out.size() == limit) {
                    more = true;
                    break;
                }
                out.add(kv);
            }
        }
        return Future.succeededFuture(new RangeResult(out, r, more));
    }

    @Override
    public synchronized Future<Long> count(String from, String end, long rev) {
        long r = resolve(rev);
        long n = 0;
        for (List<KeyValue> vs : versions.subMap(from, end).values()) {
            KeyValue kv = at(vs, r);
            if (kv != null && !kv.tombstone()) {
                n++;
            }
        }
        return Future.succeededFuture(n);
    }

    @Override
    public synchronized Future<List<Event>> after(String from, String end, long afterRev, long upTo, int limit) {
        List<Event> out = new ArrayList<>();
        int i = firstAbove(afterRev);
        for (; i < log.size() && out.size() < limit; i++) {
            Event e = log.get(i);
            if (e.revision() > upTo) {
                break;
            }
            if (e.key().compareTo(from) >= 0 && e.key().compareTo(end) < 0) {
                out.add(e);
            }
        }
        return Future.succeededFuture(out);
    }

    private int firstAbove(long rev) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).revision() <= rev) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public synchronized Future<LogState> compact(long revision) {
        if (revision > compacted) {
            log.subList(0, firstAbove(revision)).clear();
            var it = versions.entrySet().iterator();
            while (it.hasNext()) {
                List<KeyValue> vs = it.next().getValue();
                KeyValue keep = at(vs, revision);
                vs.removeIf(kv -> kv.modRevision() <= revision && (kv != keep || kv.tombstone()));
                if (vs.isEmpty()) {
                    it.remove();
                }
            }
            compacted = revision;
        }
        return Future.succeededFuture(new LogState(current, compacted));
    }

    @Override
    public synchronized Future<List<KeyValue>> expired(long now, int limit) {
        List<KeyValue> out = new ArrayList<>();
        for (List<KeyValue> vs : versions.values()) {
            KeyValue kv = vs.getLast();
            if (!kv.tombstone() && kv.expiresAt() > 0 && kv.expiresAt() <= now && out.size() < limit) {
                out.add(kv);
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public synchronized Future<LogState> state() {
        return Future.succeededFuture(new LogState(current, compacted));
    }

    @Override
    public synchronized Future<Long> size() {
        return Future.succeededFuture(bytes);
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
