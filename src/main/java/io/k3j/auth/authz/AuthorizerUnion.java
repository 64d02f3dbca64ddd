package io.k3j.auth.authz;

import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's union authorizer: members are asked in order and the first that allows decides (its reason is the
 * answer's); when none does, the reasons they gave are joined with newlines. kube-apiserver's order is the
 * privileged groups (system:masters), then Node, then RBAC.
 */
public final class AuthorizerUnion implements AttributesAuthorizer, Authorizer {

    private final List<AttributesAuthorizer> members;

    public AuthorizerUnion(List<AttributesAuthorizer> members) {
        this.members = List.copyOf(members);
    }

    @Override
    public Decision authorize(UserInfo user, Attributes a) {
        List<String> reasons = null;
        for (AttributesAuthorizer m : members) {
            Decision d = m.authorize(user, a);
            if (d.allowed()) {
                return d;
            }
            if (!d.reason().isEmpty()) {
                if (reasons == null) {
                    reasons = new ArrayList<>(2);
                }
                reasons.add(d.reason());
            }
        }
        return new Decision(false, reasons == null ? "" : String.join("\n", reasons));
    }

    @Override
    public boolean allowedPath(UserInfo user, String verb, String path) {
        return authorize(user, Attributes.path(verb, path)).allowed();
    }

    @Override
    public boolean allowedResource(UserInfo user, String verb, String apiGroup, String resource, String subresource,
                                   String namespace, String name) {
        return authorize(user, Attributes.resource(verb, apiGroup, resource, subresource, namespace, name)).allowed();
    }

    /** Upstream's privileged-groups authorizer: members of system:masters may do anything, reason empty. */
    public static final AttributesAuthorizer PRIVILEGED_GROUPS = (user, a) ->
            user.inGroup(UserInfo.MASTERS) ? new Decision(true, "") : new Decision(false, "");
}
