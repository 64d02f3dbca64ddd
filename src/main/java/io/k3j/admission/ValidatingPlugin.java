package io.k3j.admission;

import io.vertx.core.Future;

/** An admission step that accepts or refuses the final object; it never changes it. */
public interface ValidatingPlugin extends AdmissionPlugin {

    /** Fails with {@link AdmissionDenied} to refuse the request; any other failure is an internal error (500). */
    Future<Void> validate(AdmissionRequest request);
}
