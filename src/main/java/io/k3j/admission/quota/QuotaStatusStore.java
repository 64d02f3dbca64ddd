package io.k3j.admission.quota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;
import io.k3j.quota.QuotaObject;
import io.k3j.quota.ResourceList;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a namespace's ResourceQuotas straight from the store (never a lagging cache: a charge must start from the
 * newest usage) and writes a new {@code status.used} with a compare-and-swap on the version it read, so two API
 * servers, or two batches, can never both spend the same headroom. Quotas are stored as plain JSON (only Secrets are
 * encrypted), in the encoding the API server's own writes use.
 */
final class QuotaStatusStore {

    private static final String PREFIX = StorageKeys.resourcePrefix("", "resourcequotas");

    /** One quota as read: its key and version for the compare-and-swap, the stored object and its parsed parts. */
    record Stored(String key, long modRevision, ObjectNode object, QuotaObject quota) {
    }

    private final Supplier<Store> store;

    QuotaStatusStore(Supplier<Store> store) {
        this.store = store;
    }

    Future<List<Stored>> read(String namespace) {
        return store.get().range(PREFIX + namespace + "/", null, 0, 0).map(rr -> {
            List<Stored> out = new ArrayList<>();
            for (KeyValue kv : rr.kvs()) {
                ObjectNode obj = Json.stored(kv.value());
                out.add(new Stored(kv.key(), kv.modRevision(), obj, QuotaObject.of(obj)));
            }
            return out;
        });
    }

    /** Writes {@code used} into the quota read as {@code s}; fails with StoreException.Conflict if it changed since. */
    Future<Void> writeUsed(Stored s, ResourceList used) {
        ObjectNode obj = s.object().deepCopy();
        ObjectNode status = obj.has("status") && obj.get("status").isObject() ? (ObjectNode) obj.get("status") : obj.putObject("status");
        status.set("used", used.toJson());
        return store.get().update(s.key(), Json.bytes(obj), s.modRevision()).mapEmpty();
    }
}
