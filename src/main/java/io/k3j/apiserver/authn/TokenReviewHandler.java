package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.auth.authn.AuthResult;
import io.k3j.auth.authn.TokenAuthenticator;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /apis/authentication.k8s.io/v1/tokenreviews}: runs {@code spec.token} through the same token
 * authenticators as a request's bearer token, for {@code spec.audiences} (default: the API audiences), and
 * answers 201 with {@code status.authenticated}, the user, the audiences it is good for, or the error.
 */
final class TokenReviewHandler {

    static final GroupVersionKind KIND = new GroupVersionKind("authentication.k8s.io", "v1", "TokenReview");

    private final TokenAuthenticator tokens;
    private final List<String> apiAudiences;
    private final ReviewBodies bodies;

    TokenReviewHandler(TokenAuthenticator tokens, List<String> apiAudiences, ReviewBodies bodies) {
        this.tokens = tokens;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.bodies = bodies;
    }

    Future<Void> create(RoutingContext ctx) {
        return bodies.decode(ctx, KIND).compose(req -> {
            String token = req.path("spec").path("token").asText("");
            if (token.isEmpty()) {
                throw ApiError.badRequest("token is required for TokenReview in authentication");
            }
            List<String> audiences = new ArrayList<>();
            for (JsonNode a : req.path("spec").path("audiences")) {
                audiences.add(a.asText(""));
            }
            List<String> asked = audiences.isEmpty() ? apiAudiences : audiences;
            return tokens.authenticateToken(token, asked).map(result -> {
                ObjectNode out = req.deepCopy();
                out.put("kind", KIND.kind()).put("apiVersion", KIND.apiVersion());
                ObjectNode meta = out.has("metadata") && out.get("metadata").isObject()
                        ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
                if (!meta.has("creationTimestamp")) {
                    meta.putNull("creationTimestamp");
                }
                ObjectNode status = out.putObject("status");
                if (result instanceof AuthResult.Success ok) {
                    status.put("authenticated", true);
                    status.set("user", UserInfoJson.of(ok.user().withAuthenticatedGroup()));
                    var auds = status.putArray("audiences");
                    ok.audiences().forEach(auds::add);
                } else {
                    status.put("authenticated", false);
                    status.putObject("user");
                    status.put("error", result instanceof AuthResult.Failure f
                            ? "[invalid bearer token, " + f.reason() + "]" : "invalid bearer token");
                }
                AuthnEndpoints.send(ctx, 201, out);
                return null;
            });
        });
    }
}
