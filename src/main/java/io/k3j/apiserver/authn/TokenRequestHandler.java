package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.RequestUser;
import io.k3j.apiserver.rest.Admission;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.authn.BoundObject;
import io.k3j.auth.authn.ServiceAccountTokenIssuer;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token} (TokenRequest; {@code kubectl create token}):
 * validates the request as upstream (expirationSeconds ≥ 600 and ≤ 2^32, default 3600; audiences default to the
 * API audiences; boundObjectRef a Pod, Secret or Node that exists with the given uid), signs a bound token and
 * answers 201 with the request plus {@code status.token} and {@code status.expirationTimestamp}. Nothing is stored.
 * Objects are read from the store, not the cache: a token must never be bound to an object already gone.
 */
final class TokenRequestHandler {

    static final GroupVersionKind KIND = new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest");
    static final long DEFAULT_EXPIRATION = 3600;
    private static final long MIN_EXPIRATION = 600;
    private static final long MAX_EXPIRATION = 1L << 32;

    private final Supplier<Store> store;
    private final ServiceAccountTokenIssuer issuer;
    private final List<String> apiAudiences;
    private final ReviewBodies bodies;
    private final AdmissionChain admission;

    TokenRequestHandler(Supplier<Store> store, ServiceAccountTokenIssuer issuer, List<String> apiAudiences, ReviewBodies bodies,
                        AdmissionChain admission) {
        this.store = store;
        this.issuer = issuer;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.bodies = bodies;
        this.admission = admission;
    }

    Future<Void> create(RoutingContext ctx, RequestInfo info) {
        String ns = info.namespace();
        String name = info.name();
        return bodies.decode(ctx, KIND).compose(req -> {
            Spec spec = validate(req, ns, name);
            return admit(ctx, ns, name, req).compose(admitted -> object("serviceaccounts", ns, name)).compose(sa -> {
                if (sa == null) {
                    throw ApiError.notFound("serviceaccounts", "", name);
                }
                BoundObject saRef = new BoundObject(name, uid(sa));
                return bind(spec, ns, name).map(bound -> {
                    var issued = issuer.issue(new ServiceAccountTokenIssuer.Request(ns, saRef, spec.audiences(),
                            spec.expirationSeconds(), bound.pod(), bound.secret(), bound.node()));
                    ObjectNode out = req.deepCopy();
                    out.put("kind", KIND.kind()).put("apiVersion", KIND.apiVersion());
                    ObjectNode meta = out.has("metadata") && out.get("metadata").isObject()
                            ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
                    if (!meta.has("creationTimestamp")) {
                        meta.putNull("creationTimestamp");
                    }
                    ObjectNode s = out.has("spec") && out.get("spec").isObject() ? (ObjectNode) out.get("spec") : out.putObject("spec");
                    var auds = s.putArray("audiences");
                    spec.audiences().forEach(auds::add);
                    s.put("expirationSeconds", spec.expirationSeconds());
                    if (!s.has("boundObjectRef")) {
                        s.putNull("boundObjectRef");
                    }
                    out.putObject("status").put("token", issued.token())
                            .put("expirationTimestamp", issued.expiration().toString());
                    AuthnEndpoints.send(ctx, 201, out);
                    return null;
                });
            });
        });
    }

    /**
     * The admission chain for CREATE of serviceaccounts/token (a TokenRequest), as upstream's create handler runs
     * it: NodeRestriction, for one, lets a node request only tokens bound to its own pods.
     */
    private Future<Void> admit(RoutingContext ctx, String ns, String name, ObjectNode req) {
        AdmissionRequest a = new AdmissionRequest(Operation.CREATE, "", "v1", "serviceaccounts", "token",
                KIND.kind(), ns, name, req, null, null, RequestUser.of(ctx), false);
        return admission.admit(a).compose(v -> admission.validate(a)).recover(e -> Future.failedFuture(
                e instanceof AdmissionDenied d ? Admission.toApiError(a, d) : e));
    }

    record Spec(List<String> audiences, long expirationSeconds, String boundKind, String boundApiVersion,
                String boundName, String boundUid) {
    }

    private record Bound(BoundObject pod, BoundObject secret, BoundObject node) {
    }

    private Spec validate(ObjectNode req, String ns, String name) {
        JsonNode meta = req.path("metadata");
        String reqName = meta.path("name").asText("");
        String reqNs = meta.path("namespace").asText("");
        if (!reqName.isEmpty() && !reqName.equals(name)) {
            throw invalid(name, "metadata.name", "FieldValueInvalid", "Invalid value: \"" + reqName
                    + "\": must match the service account name if specified");
        }
        if (!reqNs.isEmpty() && !reqNs.equals(ns)) {
            throw invalid(name, "metadata.namespace", "FieldValueInvalid", "Invalid value: \"" + reqNs
                    + "\": must match the service account namespace if specified");
        }
        JsonNode spec = req.path("spec");
        List<String> audiences = new ArrayList<>();
        for (JsonNode a : spec.path("audiences")) {
            audiences.add(a.asText(""));
        }
        if (audiences.isEmpty()) {
            audiences.addAll(apiAudiences);
        }
        JsonNode expNode = spec.get("expirationSeconds");
        long exp = expNode == null || expNode.isNull() ? DEFAULT_EXPIRATION : expNode.asLong();
        if (exp < MIN_EXPIRATION) {
            throw invalid(name, "spec.expirationSeconds", "FieldValueInvalid", "Invalid value: " + exp
                    + ": may not specify a duration less than 10 minutes");
        }
        if (exp > MAX_EXPIRATION) {
            throw invalid(name, "spec.expirationSeconds", "FieldValueTooLong", "Invalid value: " + exp
                    + ": may not specify a duration larger than 2^32 seconds");
        }
        JsonNode ref = spec.path("boundObjectRef");
        return new Spec(audiences, exp, ref.path("kind").asText(""), ref.path("apiVersion").asText(""),
                ref.path("name").asText(""), ref.path("uid").asText(""));
    }

    private Future<Bound> bind(Spec spec, String ns, String saName) {
        if (spec.boundKind().isEmpty() && spec.boundName().isEmpty()) {
            return Future.succeededFuture(new Bound(null, null, null));
        }
        String group = spec.boundApiVersion().contains("/")
                ? spec.boundApiVersion().substring(0, spec.boundApiVersion().lastIndexOf('/')) : "";
        String resource = !group.isEmpty() ? "" : switch (spec.boundKind()) {
            case "Pod" -> "pods";
            case "Secret" -> "secrets";
            case "Node" -> "nodes";
            default -> "";
        };
        if (resource.isEmpty()) {
            String version = spec.boundApiVersion().contains("/")
                    ? spec.boundApiVersion().substring(spec.boundApiVersion().lastIndexOf('/') + 1) : spec.boundApiVersion();
            throw ApiError.badRequest("cannot bind token for serviceaccount \"" + saName + "\" to object of type "
                    + group + "/" + version + ", Kind=" + spec.boundKind());
        }
        String objNs = resource.equals("nodes") ? "" : ns;
        return object(resource, objNs, spec.boundName()).compose(obj -> {
            if (obj == null) {
                throw ApiError.notFound(resource, "", spec.boundName());
            }
            String uid = uid(obj);
            if (!spec.boundUid().isEmpty() && !spec.boundUid().equals(uid)) {
                throw new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + spec.boundKind() + " \""
                        + spec.boundName() + "\": the UID in the bound object reference (" + spec.boundUid()
                        + ") does not match the UID in record. The object might have been deleted and then recreated",
                        new JsonObject().put("name", spec.boundName()).put("kind", spec.boundKind()));
            }
            BoundObject self = new BoundObject(spec.boundName(), uid);
            return switch (resource) {
                case "pods" -> podBinding(obj, self, saName);
                case "secrets" -> Future.succeededFuture(new Bound(null, self, null));
                default -> Future.succeededFuture(new Bound(null, null, self));
            };
        });
    }

    /** A pod must run as this ServiceAccount; its node, when scheduled, is named in the token for information. */
    private Future<Bound> podBinding(ObjectNode pod, BoundObject self, String saName) {
        String podSa = pod.path("spec").path("serviceAccountName").asText("");
        if (!podSa.equals(saName)) {
            throw ApiError.badRequest("cannot bind token for serviceaccount \"" + saName
                    + "\" to pod running with different serviceaccount name.");
        }
        String nodeName = pod.path("spec").path("nodeName").asText("");
        if (nodeName.isEmpty()) {
            return Future.succeededFuture(new Bound(self, null, null));
        }
        return object("nodes", "", nodeName).map(node ->
                new Bound(self, null, node == null ? null : new BoundObject(nodeName, uid(node))));
    }

    private Future<ObjectNode> object(String resource, String namespace, String name) {
        String key = "/registry/core/" + resource + "/" + (namespace.isEmpty() ? "" : namespace + "/") + name;
        if (name.isEmpty() || name.contains("/")) {
            return Future.succeededFuture(null);
        }
        return store.get().get(key).map(r -> {
            KeyValue kv = r.kv();
            return kv == null || kv.tombstone() ? null : Json.stored(kv.value());
        });
    }

    private static String uid(ObjectNode obj) {
        return obj.path("metadata").path("uid").asText("");
    }

    private static ApiError invalid(String name, String field, String type, String detail) {
        JsonObject details = new JsonObject().put("name", name).put("group", KIND.group()).put("kind", KIND.kind())
                .put("causes", new JsonArray().add(new JsonObject().put("reason", type).put("message", detail).put("field", field)));
        return new ApiError(422, "Invalid", KIND.kind() + "." + KIND.group() + " \"" + name + "\" is invalid: "
                + field + ": " + detail, details);
    }
}
