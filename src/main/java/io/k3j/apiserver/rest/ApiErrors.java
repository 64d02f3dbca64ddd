package io.k3j.apiserver.rest;

import io.k3j.auth.encryption.TransformException;
import io.k3j.store.StoreException;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps any failure in the request path to the Status the client sees; unknown ones are logged. */
public final class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    private ApiErrors() {
    }

    public static ApiError from(Throwable e) {
        if (e instanceof ApiError a) {
            return a;
        }
        if (e instanceof StoreException.Compacted c) {
            return ApiError.gone("too old resource version: " + c.requested() + " (" + c.compactRevision() + ")");
        }
        if (e instanceof StoreException.NotFound) {
            // The object went away between our read and our write (a concurrent delete).
            return new ApiError(404, "NotFound", "the server could not find the requested resource", null);
        }
        if (e instanceof TransformException t) {
            // A Secret no configured key opens: upstream's 500 text, logged once per request (no secrets in it).
            LOG.log(Level.WARNING, "cannot decrypt a stored value", new Object[]{"error", t.getMessage()});
            return ApiError.internal(t.getMessage());
        }
        if (e instanceof io.k3j.api.quantity.InvalidQuantityException q) {
            // a quantity a mutating admission plugin or webhook wrote: the object cannot be decoded
            return ApiError.badRequest(q.getMessage());
        }
        if (e instanceof StoreException.Unavailable) {
            return new ApiError(503, "ServiceUnavailable", "the datastore is not available", null);
        }
        LOG.log(Level.SEVERE, "request failed with an unexpected error", e); // a bug: keep the stack
        return ApiError.internal(e.getClass().getSimpleName());
    }
}
