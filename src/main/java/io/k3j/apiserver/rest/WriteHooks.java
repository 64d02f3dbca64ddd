package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.vertx.core.Future;

/**
 * What a write of one kind does to other stored state, as upstream's registry hooks (BeginCreate, BeginUpdate,
 * AfterDelete): a Service's cluster IPs and node ports. {@link WriteHandler} begins the hook after mutating admission
 * and before the kind's strategy and validating admission, so both see what was allocated; it commits the
 * transaction once the object is stored and reverts it when anything after the allocation fails, so a failed write
 * leaks nothing. The answer goes to the client only after the commit (or the release after a delete), so what the
 * client sees next is settled.
 */
public interface WriteHooks {

    WriteHooks NONE = new WriteHooks() {
    };

    /** A new object about to be stored (dry run: allocate nothing, fill in what would be). */
    default Future<Transaction> beginCreate(ResourceDescriptor d, ObjectNode obj, boolean dryRun) {
        return Future.succeededFuture(Transaction.NONE);
    }

    /** A changed object about to replace {@code old} (spec writes only; status writes do not pass here). */
    default Future<Transaction> beginUpdate(ResourceDescriptor d, ObjectNode obj, ObjectNode old, boolean dryRun) {
        return Future.succeededFuture(Transaction.NONE);
    }

    /** {@code obj} left the store (a delete, the last finalizer removed): release what it held. Never fails. */
    default Future<Void> afterDelete(ResourceDescriptor d, ObjectNode obj) {
        return Future.succeededFuture();
    }

    /** The rest of a hook's work: what to do once the write is stored, or failed. Neither ever fails. */
    interface Transaction {

        Transaction NONE = new Transaction() {
            @Override
            public Future<Void> commit() {
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> revert() {
                return Future.succeededFuture();
            }
        };

        Future<Void> commit();

        Future<Void> revert();
    }
}
