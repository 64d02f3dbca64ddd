package io.k3j.addons.helm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one HelmChart asks Helm to make true: release {@code name} in {@code namespace} from the chart archive
 * {@code chart} with {@code values} (already merged), created with its namespace when {@code createNamespace}.
 */
public record ReleaseRequest(String name, String namespace, Path chart, ObjectNode values, Duration timeout,
                             boolean createNamespace, FailurePolicy failurePolicy) {

    /** What to do with a release that is stuck failed (or half-done) when it is next installed or upgraded. */
    public enum FailurePolicy {
        /** Uninstall it and install again (K3s's default). */
        REINSTALL,
        /** Leave it as it is and report the failure. */
        ABORT;

        public static FailurePolicy of(String s) {
            return "abort".equalsIgnoreCase(s) ? ABORT : REINSTALL;
        }
    }
}
