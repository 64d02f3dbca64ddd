package io.k3j.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.schema.FieldError;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.RequestUser;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.ComputedResource;
import io.k3j.auth.UserInfo;
import io.k3j.auth.authz.AttributesAuthorizer;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import io.k3j.auth.rbac.RulesReview;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorization.k8s.io/v1 review APIs, create-only and never stored: SelfSubjectAccessReview ("may I?",
 * {@code kubectl auth can-i}), SubjectAccessReview and LocalSubjectAccessReview ("may they?", for the subject in
 * the spec, unchanged: no system:authenticated is added), and SelfSubjectRulesReview ({@code can-i --list}). Each
 * answers the request object with its {@code status} filled, as kube-apiserver; access reviews ask the server's
 * whole authorizer chain, rules reviews RBAC's rules.
 */
public final class AccessReviews implements ComputedResource {

    static final String GROUP = "authorization.k8s.io";
    private static final String SSAR = "selfsubjectaccessreviews";
    private static final String SAR = "subjectaccessreviews";
    private static final String LSAR = "localsubjectaccessreviews";
    private static final String SSRR = "selfsubjectrulesreviews";

    private final AttributesAuthorizer authorizer;
    private final RulesReview rules;

    public AccessReviews(AttributesAuthorizer authorizer, RulesReview rules) {
        this.authorizer = authorizer;
        this.rules = rules;
    }

    @Override
    public boolean handles(RequestInfo info) {
        return info.verb().equals("create") && info.apiGroup().equals(GROUP) && info.apiVersion().equals("v1")
                && info.name().isEmpty() && info.subresource().isEmpty()
                && (info.namespace().isEmpty()
                ? List.of(SSAR, SAR, SSRR).contains(info.resource()) : info.resource().equals(LSAR));
    }

    @Override
    public Future<ObjectNode> create(RoutingContext ctx, RequestInfo info, ObjectNode body) {
        try {
            return Future.succeededFuture(review(RequestUser.of(ctx), info, body));
        } catch (ApiError e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * The answer to one review request by {@code caller} (the request's user, impersonation applied).
     *
     * @throws ApiError 400 or 422 for a malformed review
     */
    ObjectNode review(UserInfo caller, RequestInfo info, ObjectNode body) {
        ObjectNode out = switch (info.resource()) {
            case SSAR -> selfAccessReview(caller, body);
            case SAR -> accessReview(body, "SubjectAccessReview", null);
            case LSAR -> accessReview(body, "LocalSubjectAccessReview", info.namespace());
            default -> selfRulesReview(caller, body);
        };
        ObjectNode meta = out.with("metadata");
        if (!meta.has("creationTimestamp")) {
            meta.putNull("creationTimestamp");
        }
        return out;
    }

    private ObjectNode selfAccessReview(UserInfo caller, ObjectNode review) {
        JsonNode spec = review.path("spec");
        List<FieldError> errors = attributeErrors(spec);
        if (!errors.isEmpty()) {
            throw ApiError.invalid("SelfSubjectAccessReview", GROUP, "", errors);
        }
        return withStatus(review, authorizer.authorize(caller, attributes(spec)));
    }

    /** SubjectAccessReview, or LocalSubjectAccessReview when {@code namespace} (the URL's) is set. */
    private ObjectNode accessReview(ObjectNode review, String kind, String namespace) {
        JsonNode spec = review.path("spec");
        List<FieldError> errors = attributeErrors(spec);
        if (spec.path("user").asText("").isEmpty() && spec.path("groups").isEmpty()) {
            errors.add(FieldError.invalid("spec.user", spec.path("user").asText(""),
                    "at least one of user or group must be specified"));
        }
        if (namespace != null) {
            localReviewErrors(review, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiError.invalid(kind, GROUP, "", errors);
        }
        if (namespace != null && !namespace.equals(spec.path("resourceAttributes").path("namespace").asText(""))) {
            throw ApiError.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
        }
        return withStatus(review, authorizer.authorize(subject(spec), attributes(spec)));
    }

    /** A LocalSubjectAccessReview carries only its namespace in metadata and never non-resource attributes. */
    private static void localReviewErrors(ObjectNode review, List<FieldError> errors) {
        ObjectNode meta = review.path("metadata").isObject() ? review.get("metadata").deepCopy() : null;
        if (meta != null) {
            meta.remove(List.of("namespace", "managedFields", "creationTimestamp"));
            if (!meta.isEmpty()) {
                errors.add(FieldError.invalid("metadata", meta, "must be empty except for namespace"));
            }
        }
        if (review.path("spec").path("nonResourceAttributes").isObject()) {
            errors.add(FieldError.invalid("spec.nonResourceAttributes", review.path("spec").get("nonResourceAttributes"),
                    "disallowed on this kind of request"));
        }
    }

    private ObjectNode selfRulesReview(UserInfo caller, ObjectNode review) {
        String namespace = review.path("spec").path("namespace").asText("");
        if (namespace.isEmpty()) {
            throw ApiError.badRequest("no namespace on request");
        }
        ObjectNode out = review.deepCopy();
        out.set("status", rules.review(caller, namespace).statusJson());
        return out;
    }

    /** Exactly one of resourceAttributes and nonResourceAttributes, as upstream's validation says it. */
    private static List<FieldError> attributeErrors(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        boolean resource = spec.path("resourceAttributes").isObject();
        boolean nonResource = spec.path("nonResourceAttributes").isObject();
        if (resource && nonResource) {
            errors.add(FieldError.invalid("spec.nonResourceAttributes", spec.get("nonResourceAttributes"),
                    "cannot be specified in combination with resourceAttributes"));
        } else if (!resource && !nonResource) {
            errors.add(FieldError.invalid("spec.resourceAttributes", "null",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        return errors;
    }

    static Attributes attributes(JsonNode spec) {
        JsonNode r = spec.path("resourceAttributes");
        if (r.isObject()) {
            return Attributes.resource(r.path("verb").asText(""), r.path("group").asText(""), r.path("resource").asText(""),
                    r.path("subresource").asText(""), r.path("namespace").asText(""), r.path("name").asText(""));
        }
        JsonNode n = spec.path("nonResourceAttributes");
        return Attributes.path(n.path("verb").asText(""), n.path("path").asText(""));
    }

    /** The subject of a (Local)SubjectAccessReview: exactly as the spec names it. */
    static UserInfo subject(JsonNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        spec.path("extra").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            extra.put(e.getKey(), values);
        });
        return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups, extra);
    }

    /** SubjectAccessReviewStatus: allowed always; reason and evaluationError only when set. */
    private static ObjectNode withStatus(ObjectNode review, Decision d) {
        ObjectNode out = review.deepCopy();
        ObjectNode status = out.putObject("status").put("allowed", d.allowed());
        if (!d.reason().isEmpty()) {
            status.put("reason", d.reason());
        }
        return out;
    }
}
