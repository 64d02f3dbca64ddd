package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.schema.FieldError;
import io.k3j.apiserver.rest.ApiError;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.IntFunction;

/** The Status errors of Service allocation, and the small async helpers its steps share. */
final class ServiceErrors {

    private ServiceErrors() {
    }

    /** 422 {@code Service "x" is invalid: ...}. */
    static ApiError invalid(JsonNode svc, List<FieldError> errors) {
        return ApiError.invalid("Service", "", svc.path("metadata").path("name").asText(""), errors);
    }

    static Future<Void> check(JsonNode svc, List<FieldError> errors) {
        return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(invalid(svc, errors));
    }

    /** 500 {@code Internal error occurred: <what>: <why>}, as upstream answers a dynamic allocation that failed. */
    static Throwable internal(String what, Throwable cause) {
        return cause instanceof AllocationError ? ApiError.internal(what + ": " + cause.getMessage()) : cause;
    }

    /** Runs {@code step} for 0..n-1, one after the other. */
    static Future<Void> each(int n, IntFunction<Future<Void>> step) {
        return each(0, n, step);
    }

    private static Future<Void> each(int i, int n, IntFunction<Future<Void>> step) {
        if (i >= n) {
            return Future.succeededFuture();
        }
        return step.apply(i).compose(v -> each(i + 1, n, step));
    }
}
