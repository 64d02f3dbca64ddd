package io.k3j.auth.authz;

import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;

/**
 * One member of the authorizer chain, as upstream's authorizer.Authorizer: allow (with a reason), or no opinion
 * (with a reason or none). Nothing in k3j denies outright, so "not allowed" always lets the next member decide.
 */
@FunctionalInterface
public interface AttributesAuthorizer {

    Decision authorize(UserInfo user, Attributes a);

    /** A yes/no {@link Authorizer} as a chain member; its decisions carry no reason. */
    static AttributesAuthorizer of(Authorizer plain) {
        return (user, a) -> new Decision(a.resourceRequest()
                ? plain.allowedResource(user, a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.namespace(), a.name())
                : plain.allowedPath(user, a.verb(), a.path()), "");
    }
}
