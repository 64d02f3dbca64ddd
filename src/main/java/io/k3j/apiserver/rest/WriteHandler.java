package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.convert.BuiltinConversions;
import io.k3j.api.patch.BuiltinPatchSchema;
import io.k3j.api.patch.JsonPatch;
import io.k3j.api.patch.ManagedFields;
import io.k3j.api.patch.MergePatch;
import io.k3j.api.patch.PatchException;
import io.k3j.api.patch.ServerSideApply;
import io.k3j.api.patch.StrategicMergePatch;
import io.k3j.api.quantity.InvalidQuantityException;
import io.k3j.apiserver.defaults.Defaulting;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static io.k3j.apiserver.rest.ResourceHandler.send;

/**
 * The write verbs: create, update, the patch types (JSON, merge, strategic merge, server-side
 * apply), delete and deletecollection. Every write is a compare-and-swap on the store revision the
 * object was read at, records managedFields, and keeps server-owned metadata.
 */
final class WriteHandler {

    private final Supplier<Store> store;
    private final ResourceCatalog catalog;
    private final FieldValidation validation;
    private final io.k3j.api.patch.PatchSchema schema;
    private final StrategicMergePatch smp;
    private final ServerSideApply ssa;
    private final ManagedFields managedFields;
    private final WriteStrategy.Strategies strategies;
    private final Admission admission;
    private final Defaulting defaulting;
    private final WriteHooks hooks;

    WriteHandler(Supplier<Store> store, ResourceCatalog catalog, FieldValidation validation, EscalationCheck escalation,
                 Admission admission, Defaulting defaulting, WriteHooks hooks) {
        this.defaulting = defaulting;
        this.hooks = hooks;
        this.strategies = new WriteStrategy.Strategies(escalation);
        this.admission = admission;
        this.store = store;
        this.catalog = catalog;
        this.validation = validation;
        // Custom resources merge by their CRD schema's list and map types.
        this.schema = new CatalogPatchSchema(new BuiltinPatchSchema(), catalog);
        this.smp = new StrategicMergePatch(schema);
        // Entries recorded in another version of a kind (autoscaling/v1 beside v2) are compared in their version.
        this.ssa = new ServerSideApply(schema, BuiltinConversions::toVersion);
        this.managedFields = new ManagedFields(schema, BuiltinConversions::toVersion);
    }

    Future<?> create(RestRequest r) {
        ObjectNode obj = r.body();
        r.checkTypeAndNamespace(obj);
        boolean generated = ObjectMetaRules.meta(obj).path("name").asText("").isEmpty();
        ObjectMetaRules.forCreate(r.d(), obj, r.namespace());
        if (r.d().subresource("status").isPresent() && !r.d().resource().equals("namespaces")) {
            obj.remove("status"); // status is written through /status, as upstream strategies reset it
        }
        decodeQuantities(r, obj);
        defaulting.apply(r.d(), obj);
        AdmissionRequest a = admission.request(r, Operation.CREATE, obj, null);
        // Field validation judges what the client sent; admission then mutates, the kind's hooks allocate, its
        // strategy prepares and checks, and validating admission sees the final object, in kube-apiserver's order.
        return validation.check(r.ctx(), r.d(), obj)
                .compose(v -> admission.mutate(r, a))
                .compose(v -> {
                    defaulting.apply(r.d(), obj); // what mutating plugins added gets its defaults too
                    return generated ? createGenerated(r, a, obj, GENERATE_NAME_ATTEMPTS) : admitAndStore(r, a, obj, true);
                });
    }

    /** Upstream (RetryGenerateName, GA in 1.32) tries this many generated names before answering AlreadyExists. */
    static final int GENERATE_NAME_ATTEMPTS = 8;

    /**
     * Creates an object whose name was generated: a clash with an existing name (five random characters make one
     * likely among tens of thousands of objects) draws a new name instead of failing the client's create. Each
     * attempt starts again from the admitted object, as upstream's retry does, so what one attempt allocated under
     * the clashing name is released and not carried over.
     */
    private Future<Void> createGenerated(RestRequest r, AdmissionRequest a, ObjectNode obj, int attempts) {
        ObjectNode fresh = attempts > 1 ? obj.deepCopy() : null;
        return admitAndStore(r, a, obj, true).recover(e -> {
            if (attempts > 1 && e instanceof ApiError err && err.code() == 409) {
                ObjectNode meta = ObjectMetaRules.meta(fresh);
                meta.put("name", ObjectMetaRules.generatedName(meta.path("generateName").asText()));
                return createGenerated(r, a, fresh, attempts - 1);
            }
            return Future.failedFuture(e);
        });
    }

    /**
     * One create after mutating admission: the kind's hooks allocate (a Service's IPs and ports), its strategy
     * prepares and checks, validating admission sees the final object, then the compare-and-swap create. Anything
     * failing after the allocation reverts it. Shared by create and apply-create (whose managedFields server-side
     * apply already wrote: {@code recordFields} false).
     */
    private Future<Void> admitAndStore(RestRequest r, AdmissionRequest a, ObjectNode obj, boolean recordFields) {
        String name = ObjectMetaRules.meta(obj).path("name").asText();
        AdmissionRequest check = obj == a.object() ? a : admission.request(r, Operation.CREATE, obj, null);
        return hooks.beginCreate(r.d(), obj, r.dryRun()).compose(txn -> settle(txn, () -> {
            strategy(r).beforeCreate(r, obj);
            return admission.validate(r, check).compose(v -> {
                ObjectNode tracked = recordFields ? managedFields.recordUpdate(null, obj, r.manager(), java.time.Instant.now()) : obj;
                return storeNew(r, StorageKeys.key(r.d(), r.namespace(), name), name, tracked);
            });
        })).map(stored -> {
            send(r.ctx(), 201, stored);
            return null;
        });
    }

    /** Runs the write a hook transaction guards: commits it once the write succeeded, reverts it when it failed. */
    private static <T> Future<T> settle(WriteHooks.Transaction txn, Supplier<Future<T>> write) {
        Future<T> done;
        try {
            done = write.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.transform(ar -> ar.succeeded() ? txn.commit().map(v -> ar.result())
                : txn.revert().transform(x -> Future.failedFuture(ar.cause())));
    }

    /**
     * Shared tail of create and apply-create: dry run, CAS create; answers the stored object. (Whether the namespace
     * exists and is not terminating is the NamespaceLifecycle admission plugin's question, as upstream.)
     */
    private Future<ObjectNode> storeNew(RestRequest r, String key, String name, ObjectNode obj) {
        ObjectNode stored = StoredObjects.toStorage(obj, r.d());
        ObjectNode answer = StoredObjects.answer(obj, stored, r.d());
        if (r.dryRun()) {
            return Future.succeededFuture(answer);
        }
        return store.get().create(key, Json.bytes(stored), StoredObjects.ttl(r.d())).<ObjectNode>map(w -> {
            StoredObjects.setResourceVersion(answer, w.revision());
            return answer;
        }).recover(e -> Future.failedFuture(e instanceof StoreException.KeyExists
                ? ApiError.alreadyExists(r.d().resource(), r.d().group(), name) : e));
    }

    Future<?> update(RestRequest r) {
        if (r.scale()) {
            ObjectNode scale = r.body();
            String rv = scale.path("metadata").path("resourceVersion").asText("");
            return guaranteed(r, () -> store.get().get(r.key()).compose(res -> {
                KeyValue kv = r.live(res.kv());
                if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                    throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
                }
                ObjectNode old = StoredObjects.decode(kv, r.d());
                ObjectNode obj = old.deepCopy();
                ScaleSubresource.apply(r.d(), obj, scale);
                return write(r, old, obj, kv.modRevision());
            }), WRITE_ATTEMPTS);
        }
        ObjectNode body = r.body();
        r.checkTypeAndNamespace(body);
        decodeQuantities(r, body);
        ObjectNode obj = body;
        String bodyName = ObjectMetaRules.meta(obj).path("name").asText("");
        if (!bodyName.equals(r.info().name())) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + r.info().name() + ")");
        }
        String rv = ObjectMetaRules.meta(obj).path("resourceVersion").asText("");
        if (rv.isEmpty() && !strategy(r).unconditionalUpdate()) {
            // Go prints the zero uint64 resourceVersion as 0x0 here.
            throw ApiError.invalid(r.d().kind(), r.d().group(), r.info().name(), List.of(new io.k3j.api.schema.FieldError(
                    "metadata.resourceVersion", io.k3j.api.schema.FieldError.Type.INVALID, null,
                    "0x0: must be specified for an update")));
        }
        return validation.check(r.ctx(), r.d(), obj).compose(ok -> guaranteed(r, () -> store.get().get(r.key()).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
            }
            // Each attempt writes its own copy: the write path changes the object it is given.
            return write(r, StoredObjects.decode(kv, r.d()), body.deepCopy(), kv.modRevision());
        }), WRITE_ATTEMPTS));
    }

    Future<?> patch(RestRequest r) {
        String ct = String.valueOf(r.ctx().request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/apply-patch+yaml")) {
            return apply(r);
        }
        JsonNode patch = r.patchBody(ct);
        return guaranteed(r, () -> patchOnce(r, ct, patch.deepCopy()), WRITE_ATTEMPTS);
    }

    private Future<Void> patchOnce(RestRequest r, String ct, JsonNode patch) {
        return store.get().get(r.key()).compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode old = StoredObjects.decode(kv, r.d());
            ObjectNode current = old.deepCopy();
            StoredObjects.setResourceVersion(current, kv.modRevision());
            if (r.scale()) {
                current = ScaleSubresource.view(r.d(), current);
            }
            JsonNode patched;
            try {
                if (ct.startsWith("application/json-patch+json")) {
                    patched = JsonPatch.apply(current, patch);
                } else if (ct.startsWith("application/merge-patch+json")) {
                    patched = MergePatch.applyToObject(current, patch);
                } else if (ct.startsWith("application/strategic-merge-patch+json") && r.d().isCustom()) {
                    // CRDs have no patch strategies: upstream refuses strategic merge patch for custom resources.
                    throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml", null);
                } else if (ct.startsWith("application/strategic-merge-patch+json") && r.scale()) {
                    patched = MergePatch.applyToObject(current, patch); // Scale has no merge keys
                } else if (ct.startsWith("application/strategic-merge-patch+json")) {
                    patched = smp.apply(current, patch, r.d().groupVersionKind());
                } else {
                    throw new ApiError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                            + "accepted media types include: application/json-patch+json, application/merge-patch+json, "
                            + "application/apply-patch+yaml, application/strategic-merge-patch+json", null);
                }
            } catch (PatchException e) {
                throw ApiError.from(e);
            }
            if (!patched.isObject()) {
                throw ApiError.badRequest("the patch did not produce an object");
            }
            ObjectNode obj = (ObjectNode) patched;
            if (r.scale()) {
                ObjectNode target = old.deepCopy();
                ScaleSubresource.apply(r.d(), target, obj);
                return write(r, old, target, kv.modRevision());
            }
            patchedQuantities(r, obj);
            String rv = ObjectMetaRules.meta(obj).path("resourceVersion").asText("");
            if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
            }
            return write(r, old, obj, kv.modRevision());
        });
    }

    /** Server-side apply: merge the applied configuration under its manager's ownership; create when absent. */
    private Future<?> apply(RestRequest r) {
        String manager = r.ctx().request().getParam("fieldManager");
        if (manager == null || manager.isEmpty()) {
            throw new ApiError(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch", null);
        }
        boolean force = "true".equals(r.ctx().request().getParam("force"));
        byte[] applyBytes = RestRequest.bodyBytes(r.ctx());
        if (applyBytes == null) {
            throw ApiError.badRequest("the request body is empty");
        }
        ObjectNode config = Json.parseBody(applyBytes, "application/yaml");
        String want = r.d().groupVersionResource().apiVersion();
        String got = config.path("apiVersion").asText("");
        if (!got.equals(want)) {
            throw ApiError.badRequest("Incorrect version specified in apply patch. Specified patch version: " + got
                    + ", expected: " + want);
        }
        String bodyName = ObjectMetaRules.meta(config).path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(r.info().name())) {
            throw ApiError.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
                    + r.info().name() + ")");
        }
        return validation.check(r.ctx(), r.d(), config).compose(ok -> guaranteed(r, () -> applyOnce(r, config.deepCopy(), manager, force),
                WRITE_ATTEMPTS));
    }

    private Future<Void> applyOnce(RestRequest r, ObjectNode config, String manager, boolean force) {
        return store.get().get(r.key()).<Void>compose(res -> {
            KeyValue kv = res.kv();
            java.time.Instant now = java.time.Instant.now();
            try {
                if (kv == null || kv.tombstone()) {
                    ObjectNode created = ssa.apply(null, config, manager, force, now, r.info().subresource()).object();
                    patchedQuantities(r, created);
                    ObjectMetaRules.meta(created).put("name", r.info().name());
                    r.checkTypeAndNamespace(created);
                    ObjectMetaRules.forCreate(r.d(), created, r.namespace());
                    defaulting.apply(r.d(), created);
                    AdmissionRequest a = admission.request(r, Operation.CREATE, created, null);
                    return admission.mutate(r, a).compose(v -> {
                        defaulting.apply(r.d(), created);
                        return admitAndStore(r, a, created, false);
                    });
                }
                ObjectNode old = StoredObjects.decode(kv, r.d());
                ObjectNode live = old.deepCopy();
                StoredObjects.setResourceVersion(live, kv.modRevision());
                ObjectNode applied = ssa.apply(live, config, manager, force, now, r.info().subresource()).object();
                patchedQuantities(r, applied);
                return write(r, old, applied, kv.modRevision(), false);
            } catch (PatchException e) {
                throw ApiError.from(e);
            }
        });
    }

    private Future<Void> write(RestRequest r, ObjectNode old, ObjectNode obj, long modRevision) {
        return write(r, old, obj, modRevision, true);
    }

    /**
     * Shared tail of update and patch: mutating admission, status/spec split, server-owned metadata, the kind's
     * strategy, validating admission on the final object, CAS write, finalizers.
     */
    private Future<Void> write(RestRequest r, ObjectNode old, ObjectNode obj0, long modRevision, boolean recordUpdate) {
        // An update's body, a patch's or an apply's result is defaulted as a create's body is (upstream decodes and
        // defaults each), so writing back what was read, or applying the same configuration again, changes nothing.
        defaulting.apply(r.d(), obj0);
        if (admission.empty()) {
            return beginUpdate(r, obj0, old).compose(txn -> settle(txn, () ->
                    store(r, old, prepare(r, old, obj0), modRevision, recordUpdate))).map(out -> respond(r, out));
        }
        // The scale subresource is admitted as the Scale it is; what plugins change in it goes back to the object.
        ObjectNode admitted = r.scale() ? ScaleSubresource.view(r.d(), obj0) : obj0;
        AdmissionRequest a = admission.request(r, Operation.UPDATE, admitted, r.scale() ? ScaleSubresource.view(r.d(), old) : old);
        return admission.mutate(r, a).compose(v -> {
            if (r.scale()) {
                ScaleSubresource.apply(r.d(), obj0, admitted);
            }
            defaulting.apply(r.d(), obj0); // what mutating plugins added gets its defaults too
            return beginUpdate(r, obj0, old);
        }).compose(txn -> settle(txn, () -> {
            ObjectNode obj = prepare(r, old, obj0);
            AdmissionRequest check = obj == a.object() || r.scale() ? a
                    : admission.request(r, Operation.UPDATE, obj, old);
            return admission.validate(r, check).compose(x -> store(r, old, obj, modRevision, recordUpdate));
        })).map(out -> respond(r, out));
    }

    /** The kind's update hooks, for writes of the object itself (a status or scale write allocates nothing). */
    private Future<WriteHooks.Transaction> beginUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        return r.info().subresource().isEmpty() ? hooks.beginUpdate(r.d(), obj, old, r.dryRun())
                : Future.succeededFuture(WriteHooks.Transaction.NONE);
    }

    private static Void respond(RestRequest r, ObjectNode out) {
        send(r.ctx(), 200, r.scale() ? ScaleSubresource.view(r.d(), out) : out);
        return null;
    }

    /** The object to store: status split by subresource, server-owned metadata kept, the kind's strategy applied. */
    private ObjectNode prepare(RestRequest r, ObjectNode old, ObjectNode obj0) {
        ObjectNode obj = obj0;
        boolean statusWrite = r.info().subresource().equals("status");
        if (statusWrite) {
            ObjectNode merged = old.deepCopy();
            if (obj.has("status")) {
                merged.set("status", obj.get("status"));
            } else {
                merged.remove("status");
            }
            obj = merged;
        } else if (r.d().subresource("status").isPresent() && !r.info().subresource().equals("approval")) {
            // (A CSR's approval subresource writes status.conditions: its strategy keeps the rest as stored.)
            if (old.has("status")) {
                obj.set("status", old.get("status"));
            } else {
                obj.remove("status");
            }
        }
        ObjectMetaRules.forUpdate(obj, old);
        obj.put("apiVersion", r.d().groupVersionResource().apiVersion());
        obj.put("kind", r.d().kind());
        strategy(r).beforeUpdate(r, obj, old);
        return obj;
    }

    /** The compare-and-swap write of an update; answers the object as stored (a finalized one is deleted). */
    private Future<ObjectNode> store(RestRequest r, ObjectNode old, ObjectNode obj, long modRevision, boolean recordUpdate) {
        ObjectNode out = recordUpdate ? managedFields.recordUpdate(old, obj, r.manager(), java.time.Instant.now(),
                r.info().subresource()) : obj;
        boolean nsFinalizers = r.d().group().isEmpty() && r.d().resource().equals("namespaces")
                && out.path("spec").path("finalizers").size() > 0;
        boolean gracePending = r.d().group().isEmpty() && r.d().resource().equals("pods")
                && out.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0;
        boolean finalized = out.path("metadata").has("deletionTimestamp") && StoredObjects.finalizers(out).isEmpty()
                && !nsFinalizers && !gracePending;
        ObjectNode stored = StoredObjects.toStorage(out, r.d());
        ObjectNode answer = StoredObjects.answer(out, stored, r.d());
        if (r.dryRun()) {
            StoredObjects.setResourceVersion(answer, modRevision);
            return Future.succeededFuture(answer);
        }
        if (finalized) {
            return store.get().delete(r.key(), modRevision).compose(res -> {
                StoredObjects.setResourceVersion(answer, res.revision());
                return hooks.afterDelete(r.d(), out).map(answer);
            });
        }
        // A lost compare-and-swap stays a StoreException.Conflict: the verb's retry loop reads again.
        return store.get().update(r.key(), Json.bytes(stored), modRevision, StoredObjects.ttl(r.d())).map(res -> {
            StoredObjects.setResourceVersion(answer, res.revision());
            return answer;
        });
    }

    /**
     * A create's or update's body with malformed quantities fails as upstream's decoding fails: 400, e.g.
     * {@code Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '...'}.
     */
    private static void decodeQuantities(RestRequest r, ObjectNode body) {
        try {
            Defaulting.canonicalQuantities(r.d(), body);
        } catch (InvalidQuantityException e) {
            throw ApiError.badRequest(r.d().kind() + " in version \"" + r.d().version() + "\" cannot be handled as a "
                    + r.d().kind() + ": " + e.getMessage());
        }
    }

    /**
     * A patch (or apply) whose result holds a malformed quantity is 422 Invalid on the field "patch", as upstream's
     * patcher reports a result it cannot decode: {@code  "" is invalid: patch: Invalid value: "<the patched object>":
     * quantities must match ...}.
     */
    private static void patchedQuantities(RestRequest r, ObjectNode patched) {
        try {
            Defaulting.canonicalQuantities(r.d(), patched);
        } catch (InvalidQuantityException e) {
            throw ApiError.invalid("", "", "", "patch", "FieldValueInvalid",
                    "Invalid value: " + io.k3j.api.GoQuote.quote(patched.toString()) + ": " + e.getMessage());
        }
    }

    /** Reads an update, patch or apply retries after losing its compare-and-swap to a concurrent write. */
    private static final int WRITE_ATTEMPTS = 5;

    /**
     * Upstream's guaranteed update: a write that slipped in between this request's read and its compare-and-swap
     * makes it read, patch and admit again, instead of failing a client that sent no resourceVersion with a 409
     * it never caused. A resourceVersion the client did send is checked against each fresh read, so its 409 stays.
     */
    private Future<Void> guaranteed(RestRequest r, Supplier<Future<Void>> attempt, int attempts) {
        return attempt.get().recover(e -> {
            if (e instanceof StoreException.Conflict) {
                return attempts > 1 ? guaranteed(r, attempt, attempts - 1)
                        : Future.failedFuture(ApiError.conflict(r.d().resource(), r.d().group(), r.info().name()));
            }
            return Future.failedFuture(e);
        });
    }

    /** Reads a DELETE retries after losing its compare-and-swap to a concurrent write (a controller's status update). */
    private static final int DELETE_ATTEMPTS = 5;

    Future<?> delete(RestRequest r) {
        ObjectNode opts = deleteOptions(r);
        return deleteAttempt(r, opts, DELETE_ATTEMPTS).recover(e -> Future.failedFuture(e instanceof StoreException.Conflict
                ? ApiError.conflict(r.d().resource(), r.d().group(), r.info().name()) : e));
    }

    /**
     * One read-check-delete round. As upstream's guaranteed update, a write that slipped in between the read and the
     * delete makes it read again (preconditions are checked anew each time) instead of failing the client with 409.
     */
    private Future<Void> deleteAttempt(RestRequest r, ObjectNode opts, int attempts) {
        return store.get().get(r.key()).<Void>compose(res -> {
            KeyValue kv = res.kv();
            if (kv == null || kv.tombstone()) {
                throw ApiError.notFound(r.d().resource(), r.d().group(), r.info().name());
            }
            ObjectNode obj = StoredObjects.decode(kv, r.d());
            checkPreconditions(kv, obj, opts);
            return admitDelete(r, r.info().name(), obj, opts).compose(v -> {
                if (r.dryRun()) {
                    StoredObjects.setResourceVersion(obj, kv.modRevision());
                    send(r.ctx(), 200, obj);
                    return Future.succeededFuture();
                }
                return deleteOne(r, kv, obj, opts).map(out -> {
                    boolean gone = !out.path("metadata").has("deletionTimestamp");
                    send(r.ctx(), 200, gone && r.d().isCustom() ? deletedStatus(r, out) : out);
                    return null;
                });
            });
        }).recover(e -> e instanceof StoreException.Conflict && attempts > 1
                ? deleteAttempt(r, opts, attempts - 1) : Future.failedFuture(e));
    }

    /** Both admission phases for a DELETE: the stored object is the old object, there is no new one. */
    private Future<Void> admitDelete(RestRequest r, String name, ObjectNode stored, ObjectNode opts) {
        if (admission.empty()) {
            return Future.succeededFuture();
        }
        AdmissionRequest a = admission.request(r, Operation.DELETE, r.d().kind(), name, null, stored, opts);
        return admission.mutate(r, a).compose(v -> admission.validate(r, a));
    }

    /** DeleteOptions.preconditions: the uid and resourceVersion the caller expects, else 409 with upstream's text. */
    private static void checkPreconditions(KeyValue kv, ObjectNode obj, ObjectNode opts) {
        JsonNode pre = opts.path("preconditions");
        if (pre.hasNonNull("uid") && !pre.get("uid").asText().equals(obj.path("metadata").path("uid").asText())) {
            throw new ApiError(409, "Conflict", "Precondition failed: UID in precondition: " + pre.get("uid").asText()
                    + ", UID in object meta: " + obj.path("metadata").path("uid").asText(), null);
        }
        if (pre.hasNonNull("resourceVersion") && !pre.get("resourceVersion").asText().equals(String.valueOf(kv.modRevision()))) {
            throw new ApiError(409, "Conflict", "Precondition failed: ResourceVersion in precondition: "
                    + pre.get("resourceVersion").asText() + ", ResourceVersion in object meta: " + kv.modRevision(), null);
        }
    }

    /**
     * Deletes an object already read (the eviction subresource's last step) with the given DeleteOptions:
     * preconditions, grace period and propagation as a DELETE would; a compare-and-swap on {@code kv}.
     */
    Future<ObjectNode> deleteRead(RestRequest r, KeyValue kv, ObjectNode opts) {
        ObjectNode obj = StoredObjects.decode(kv, r.d());
        checkPreconditions(kv, obj, opts);
        return deleteOne(r, kv, obj, opts);
    }

    /** The admission side of the write path, for the subresources (binding, eviction) that write through it. */
    Admission admission() {
        return admission;
    }

    private ObjectNode deleteOptions(RestRequest r) {
        byte[] optsBytes = RestRequest.bodyBytes(r.ctx());
        ObjectNode opts = optsBytes != null
                ? r.decode(optsBytes, new GroupVersionKind(r.d().group(), r.d().version(), "DeleteOptions"))
                : Json.MAPPER.createObjectNode();
        String q = r.ctx().request().getParam("gracePeriodSeconds");
        if (!opts.has("gracePeriodSeconds") && q != null && !q.isEmpty()) {
            try {
                opts.put("gracePeriodSeconds", Long.parseLong(q));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid gracePeriodSeconds: " + q);
            }
        }
        return opts;
    }

    /**
     * Deletes one object as upstream's registry does: with finalizers (or an Orphan/Foreground propagation, which
     * the garbage collector acts on) it only gets a deletionTimestamp; a namespace with spec finalizers becomes
     * Terminating for the namespace controller; a pod on a node is deleted gracefully (its kubelet finishes the
     * deletion); anything else goes at once. Answers the object as the client sees it afterwards.
     */
    private Future<ObjectNode> deleteOne(RestRequest r, KeyValue kv, ObjectNode obj, ObjectNode opts) {
        String propagation = opts.path("propagationPolicy").asText(r.ctx().request().getParam("propagationPolicy", ""));
        if (propagation.isEmpty() && opts.path("orphanDependents").asBoolean(false)) {
            propagation = "Orphan";
        }
        List<String> finalizers = StoredObjects.finalizers(obj);
        List<String> finalizersBefore = List.copyOf(finalizers);
        boolean deletingAlready = ObjectMetaRules.meta(obj).has("deletionTimestamp");
        long graceBefore = ObjectMetaRules.meta(obj).path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
        if (propagation.equals("Orphan") && !finalizers.contains("orphan")) {
            finalizers.add("orphan"); // recorded for the garbage collector, as upstream does
        } else if (propagation.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
            finalizers.add("foregroundDeletion");
        }
        strategy(r).beforeDelete(r, obj, finalizers);
        ObjectNode meta = ObjectMetaRules.meta(obj);
        boolean namespace = r.d().group().isEmpty() && r.d().resource().equals("namespaces");
        boolean nsFinalizers = namespace && obj.path("spec").path("finalizers").size() > 0;
        long grace = podGrace(r, obj, opts);
        if (!finalizers.isEmpty() || nsFinalizers || grace > 0) {
            if (!meta.has("deletionTimestamp")) {
                meta.put("deletionTimestamp", grace > 0
                        ? java.time.Instant.now().plusSeconds(grace).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                        : ObjectMetaRules.now());
                meta.put("deletionGracePeriodSeconds", grace);
            } else if (grace >= 0 && grace < meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE)) {
                meta.put("deletionGracePeriodSeconds", grace); // a shorter grace period may replace a longer one
            }
            if (namespace) {
                obj.with("status").put("phase", "Terminating");
            }
            if (!finalizers.isEmpty() || meta.has("finalizers")) {
                ArrayNode f = meta.putArray("finalizers");
                finalizers.forEach(f::add);
            }
            if (grace == 0 && finalizers.isEmpty() && !nsFinalizers) {
                return deleteNow(r, kv, obj);
            }
            if (deletingAlready && finalizers.equals(finalizersBefore)
                    && meta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE) == graceBefore) {
                // Deleting again changes nothing (as upstream, no write): a namespace controller repeating its
                // deletecollection every second would otherwise rewrite every terminating pod each time, waking
                // their owners and racing the kubelet's final delete.
                StoredObjects.setResourceVersion(obj, kv.modRevision());
                return Future.succeededFuture(obj);
            }
            return store.get().update(kv.key(), StoredObjects.encode(obj, r.d()), kv.modRevision()).map(w -> {
                StoredObjects.setResourceVersion(obj, w.revision());
                return obj;
            });
        }
        return deleteNow(r, kv, obj);
    }

    /** Removes the object from the store, then releases what it held (a Service's IPs and ports). */
    private Future<ObjectNode> deleteNow(RestRequest r, KeyValue kv, ObjectNode obj) {
        return store.get().delete(kv.key(), kv.modRevision()).compose(w -> {
            StoredObjects.setResourceVersion(obj, w.revision());
            return hooks.afterDelete(r.d(), obj).map(obj);
        });
    }

    /**
     * A pod bound to a node is deleted gracefully: the given grace period, else its terminationGracePeriodSeconds
     * (30 s default); 0 deletes at once. -1 for everything that is not such a pod.
     */
    private static long podGrace(RestRequest r, ObjectNode obj, ObjectNode opts) {
        if (!r.d().group().isEmpty() || !r.d().resource().equals("pods")) {
            return -1;
        }
        boolean scheduled = !obj.path("spec").path("nodeName").asText("").isEmpty();
        String phase = obj.path("status").path("phase").asText("");
        if (!scheduled || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        long grace = opts.has("gracePeriodSeconds") ? opts.path("gracePeriodSeconds").asLong()
                : obj.path("spec").path("terminationGracePeriodSeconds").asLong(30);
        return Math.max(grace, 0);
    }

    /** PUT namespaces/{name}/finalize: replaces spec.finalizers only; a terminating namespace left with none goes. */
    Future<?> finalizeNamespace(RestRequest r) {
        ObjectNode body = r.body();
        return store.get().get(r.key()).compose(res -> {
            KeyValue kv = r.live(res.kv());
            ObjectNode obj = Json.stored(kv.value());
            String rv = ObjectMetaRules.meta(body).path("resourceVersion").asText("");
            if (!rv.isEmpty() && !rv.equals(String.valueOf(kv.modRevision()))) {
                throw ApiError.conflict(r.d().resource(), r.d().group(), r.info().name());
            }
            JsonNode fin = body.path("spec").path("finalizers");
            ArrayNode f = obj.with("spec").putArray("finalizers");
            fin.forEach(f::add);
            if (f.isEmpty()) {
                ((ObjectNode) obj.get("spec")).remove("finalizers");
            }
            boolean gone = obj.path("metadata").has("deletionTimestamp") && f.isEmpty()
                    && StoredObjects.finalizers(obj).isEmpty();
            if (r.dryRun()) {
                StoredObjects.setResourceVersion(obj, kv.modRevision());
                send(r.ctx(), 200, obj);
                return Future.succeededFuture();
            }
            Future<io.k3j.store.WriteResult> w = gone ? store.get().delete(r.key(), kv.modRevision())
                    : store.get().update(r.key(), Json.bytes(obj), kv.modRevision());
            return w.<Void>map(res2 -> {
                StoredObjects.setResourceVersion(obj, res2.revision());
                send(r.ctx(), 200, obj);
                return null;
            });
        }).recover(e -> Future.failedFuture(e instanceof StoreException.Conflict
                ? ApiError.conflict(r.d().resource(), r.d().group(), r.info().name()) : e));
    }

    /** Upstream answers a finished delete of a custom resource with a Success Status, not the object. */
    private static ObjectNode deletedStatus(RestRequest r, ObjectNode obj) {
        ObjectNode status = Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details").put("name", r.info().name()).put("group", r.d().group())
                .put("kind", r.d().resource());
        details.put("uid", obj.path("metadata").path("uid").asText(""));
        return status;
    }

    private WriteStrategy strategy(RestRequest r) {
        return WriteStrategy.of(r.d(), strategies);
    }

    Future<?> deleteCollection(RestRequest r) {
        Selectors sel = r.selectors();
        ObjectNode opts = deleteOptions(r);
        return store.get().range(StorageKeys.listPrefix(r.d(), r.namespace()), null, 0, 0).compose(range -> {
            List<Future<?>> deletes = new ArrayList<>();
            ArrayNode items = Json.MAPPER.createArrayNode();
            for (KeyValue kv : range.kvs()) {
                ObjectNode obj = StoredObjects.out(kv, r.d());
                if (!sel.matches(obj)) {
                    continue;
                }
                items.add(obj);
                ObjectNode stored = StoredObjects.decode(kv, r.d());
                String name = ObjectMetaRules.meta(stored).path("name").asText("");
                Future<Void> admitted = admitDelete(r, name, stored, opts);
                deletes.add(r.dryRun() ? admitted : admitted.compose(v -> deleteOne(r, kv, stored, opts)).recover(e ->
                        e instanceof StoreException.Conflict || e instanceof StoreException.NotFound
                                ? Future.succeededFuture() : Future.failedFuture(e)));
            }
            return Future.all(deletes).map(v -> {
                ObjectNode list = Json.MAPPER.createObjectNode();
                list.put("kind", r.d().listKind());
                list.put("apiVersion", r.d().groupVersionResource().apiVersion());
                list.putObject("metadata");
                list.set("items", items);
                send(r.ctx(), 200, list);
                return null;
            });
        });
    }
}
