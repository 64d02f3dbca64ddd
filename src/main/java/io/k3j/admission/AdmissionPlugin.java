package io.k3j.admission;

/**
 * One admission plugin. A plugin mutates ({@link MutatingPlugin}), validates ({@link ValidatingPlugin}) or both;
 * {@link AdmissionChain} runs every mutating step in chain order, then (after the resource's own defaults and
 * validation) every validating step in chain order, as upstream's admission chain does.
 */
public interface AdmissionPlugin {

    /** Upstream's plugin name (NamespaceLifecycle, PodSecurity ...), as used by --enable-admission-plugins. */
    String name();

    /** Whether this plugin cares about the request at all; cheap, called for every write. */
    default boolean handles(AdmissionRequest request) {
        return true;
    }
}
