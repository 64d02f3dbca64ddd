package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /apis/authentication.k8s.io/v1/selfsubjectreviews} ({@code kubectl auth whoami}): answers 201 with
 * the caller's own user info, as the request was authenticated. The (empty) body is decoded only to refuse
 * garbage with the upstream error.
 */
final class SelfSubjectReviewHandler {

    static final GroupVersionKind KIND = new GroupVersionKind("authentication.k8s.io", "v1", "SelfSubjectReview");

    private final ReviewBodies bodies;

    SelfSubjectReviewHandler(ReviewBodies bodies) {
        this.bodies = bodies;
    }

    Future<Void> create(RoutingContext ctx, UserInfo user) {
        return bodies.decode(ctx, KIND).map(req -> {
            ObjectNode out = req.deepCopy();
            out.put("kind", KIND.kind()).put("apiVersion", KIND.apiVersion());
            ObjectNode meta = out.has("metadata") && out.get("metadata").isObject()
                    ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
            if (!meta.has("creationTimestamp")) {
                meta.putNull("creationTimestamp");
            }
            out.putObject("status").set("userInfo", UserInfoJson.of(user));
            AuthnEndpoints.send(ctx, 201, out);
            return null;
        });
    }
}
