package io.k3j.admission;

import io.vertx.core.Future;

import java.util.List;

/**
 * The configured plugins in upstream order. The write path calls {@link #admit} on the decoded, defaulted object,
 * then runs the resource's own preparation and validation, then calls {@link #validate} just before the store
 * write, as kube-apiserver does. Each step starts when the previous one has finished, so a mutation is seen by
 * every later plugin.
 */
public final class AdmissionChain {

    /** No plugins: every request is admitted unchanged (unit tests of the write path). */
    public static final AdmissionChain NONE = new AdmissionChain(List.of());

    private final List<AdmissionPlugin> plugins;

    public AdmissionChain(List<? extends AdmissionPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    public List<AdmissionPlugin> plugins() {
        return plugins;
    }

    /** The mutating phase. */
    public Future<Void> admit(AdmissionRequest request) {
        Future<Void> f = Future.succeededFuture();
        for (AdmissionPlugin p : plugins) {
            if (p instanceof MutatingPlugin m) {
                f = f.compose(v -> m.handles(request) ? m.admit(request) : Future.succeededFuture());
            }
        }
        return f;
    }

    /** The validating phase. */
    public Future<Void> validate(AdmissionRequest request) {
        Future<Void> f = Future.succeededFuture();
        for (AdmissionPlugin p : plugins) {
            if (p instanceof ValidatingPlugin v) {
                f = f.compose(x -> v.handles(request) ? v.validate(request) : Future.succeededFuture());
            }
        }
        return f;
    }
}
