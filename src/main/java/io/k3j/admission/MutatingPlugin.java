package io.k3j.admission;

import io.vertx.core.Future;

/** An admission step that may change the object before it is validated and stored. */
public interface MutatingPlugin extends AdmissionPlugin {

    /**
     * Changes {@code request.object()} in place. Fails with {@link AdmissionDenied} to refuse the request; any
     * other failure is an internal error (500).
     */
    Future<Void> admit(AdmissionRequest request);
}
