package io.k3j.auth.rbac;

/**
 * The message text of the 403 Status kube-apiserver sends when authorization denies a request
 * (responsewriters.Forbidden), e.g.
 * {@code pods "web" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "dev"}.
 * The Status details carry name = the request's name, group = its API group, kind = its resource.
 */
public final class ForbiddenMessage {

    private ForbiddenMessage() {
    }

    /** The full Status message; {@code reason} is the authorizer's reason (appended after ": " when not empty). */
    public static String of(String userName, Attributes a, String reason) {
        String msg = denial(userName, a);
        if (reason != null && !reason.isEmpty()) {
            msg = msg + ": " + reason;
        }
        if (!a.resourceRequest()) {
            return "forbidden: " + msg;
        }
        String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
        String what = a.name().isEmpty() ? qualified : qualified + " " + GoFormat.quote(a.name());
        return what + " is forbidden: " + msg;
    }

    /** Upstream's forbiddenMessage: the sentence after "is forbidden: ". */
    public static String denial(String userName, Attributes a) {
        if (!a.resourceRequest()) {
            return "User " + GoFormat.quote(userName) + " cannot " + a.verb() + " path " + GoFormat.quote(a.path());
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String head = "User " + GoFormat.quote(userName) + " cannot " + a.verb() + " resource " + GoFormat.quote(resource)
                + " in API group " + GoFormat.quote(a.apiGroup());
        return a.namespace().isEmpty() ? head + " at the cluster scope"
                : head + " in the namespace " + GoFormat.quote(a.namespace());
    }
}
