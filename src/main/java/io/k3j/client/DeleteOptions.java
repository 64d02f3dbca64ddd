package io.k3j.client;

/**
 * DeleteOptions: propagationPolicy ("" = the resource's default, Background, Foreground, Orphan),
 * gracePeriodSeconds (null = default), preconditions on uid / resourceVersion ("" = none).
 */
public record DeleteOptions(String propagationPolicy, Long gracePeriodSeconds, String preconditionUid,
                            String preconditionResourceVersion) {

    public static final DeleteOptions DEFAULT = new DeleteOptions("", null, "", "");

    public static DeleteOptions propagation(String policy) {
        return new DeleteOptions(policy, null, "", "");
    }

    public DeleteOptions withGracePeriod(long seconds) {
        return new DeleteOptions(propagationPolicy, seconds, preconditionUid, preconditionResourceVersion);
    }

    public DeleteOptions withPreconditions(String uid, String resourceVersion) {
        return new DeleteOptions(propagationPolicy, gracePeriodSeconds, uid, resourceVersion);
    }
}
