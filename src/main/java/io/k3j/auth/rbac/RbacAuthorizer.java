package io.k3j.auth.rbac;

import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's RBAC authorizer over an {@link RbacIndex}: a request is allowed when a rule of a role bound to the
 * user (by name, group or ServiceAccount) allows it. ClusterRoleBindings grant everywhere; a RoleBinding grants
 * its Role, or a ClusterRole's rules, only inside its own namespace. Members of system:masters are always
 * allowed (upstream admits them by a separate authorizer ahead of RBAC; it lives here so this class alone can
 * stand in for the bootstrap authorizer). RBAC never denies outright: "not allowed" means no opinion, and a
 * union with other authorizers (Node, bootstrap) may still allow.
 */
public final class RbacAuthorizer implements Authorizer {

    private final RbacIndex index;

    public RbacAuthorizer(RbacIndex index) {
        this.index = index;
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

    /** The decision with upstream's reason text (for SubjectAccessReview status and the 403 message). */
    public Decision authorize(UserInfo user, Attributes a) {
        if (user.inGroup(UserInfo.MASTERS)) {
            return Decision.PRIVILEGED;
        }
        Requester who = Requester.of(user);
        List<String> errors = new ArrayList<>(0);
        Binding[] allowedBy = new Binding[1];
        // Non-resource requests carry no namespace, so only ClusterRoleBindings can allow them, as upstream.
        index.snapshot().visitRules(who, a.namespace(), (binding, rule) -> {
            boolean allows = a.resourceRequest()
                    ? rule.allowsResource(a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.name())
                    : rule.allowsPath(a.verb(), a.path());
            if (allows) {
                allowedBy[0] = binding;
                return false;
            }
            return true;
        }, errors);
        if (allowedBy[0] != null) {
            Binding b = allowedBy[0];
            return new Decision(true, "RBAC: allowed by " + b.describe(b.firstApplicable(who)));
        }
        return new Decision(false, errors.isEmpty() ? "" : "RBAC: " + GoFormat.aggregate(errors));
    }
}
