package io.k3j.admission.noderestriction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.auth.node.NodeIdentity;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Upstream's NodeRestriction admission plugin: a kubelet ({@code system:node:<name>}) may write only what is its
 * own. It creates and deletes only mirror pods bound to itself, updates the status of and evicts only pods bound
 * to itself, modifies only its own Node (never its taints, its configSource, or labels outside the kubelet's
 * allow-list), its own Lease and CSINode, updates only status.capacity/conditions of PVCs, and requests only
 * tokens bound to a pod on itself. The Node authorizer lets these requests through by kind; this plugin looks at
 * the objects. Other users pass untouched.
 */
public final class NodeRestrictionPlugin implements MutatingPlugin {

    public static final String NAME = "NodeRestriction";
    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final AdmissionLookup lookup;

    public NodeRestrictionPlugin(AdmissionEnv env) {
        this(env.lookup());
    }

    NodeRestrictionPlugin(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        return r.operation() != Operation.CONNECT && NodeIdentity.of(r.user()).isPresent();
    }

    @Override
    public Future<Void> admit(AdmissionRequest r) {
        Optional<String> identity = NodeIdentity.of(r.user());
        if (identity.isEmpty() || r.operation() == Operation.CONNECT) {
            return Future.succeededFuture();
        }
        String node = identity.get();
        if (node.isEmpty()) {
            return deny(r, "could not determine node from user \"" + r.user().name() + "\"");
        }
        try {
            return switch (r.group() + "/" + r.resource()) {
                case "/pods" -> pod(node, r);
                case "/nodes" -> NodeObjectCheck.check(node, r);
                case "/persistentvolumeclaims" -> "status".equals(r.subresource())
                        ? PvcStatusCheck.check(node, r) : deny(r, "may only update PVC status");
                case "/serviceaccounts" -> tokenRequest(node, r);
                case "coordination.k8s.io/leases" -> lease(node, r);
                case "storage.k8s.io/csinodes" -> csiNode(node, r);
                default -> Future.succeededFuture();
            };
        } catch (AdmissionDenied d) {
            return Future.failedFuture(d);
        }
    }

    private Future<Void> pod(String node, AdmissionRequest r) {
        return switch (r.subresource()) {
            case "" -> switch (r.operation()) {
                case CREATE -> lookupNode(node).compose(n -> MirrorPodCheck.check(node, n, r));
                case DELETE -> existingPod(r, r.name()).compose(p -> boundTo(node, p)
                        ? ok() : deny(r, "node \"" + node + "\" can only delete pods with spec.nodeName set to itself"));
                default -> deny(r, "unexpected operation \"" + r.operation() + "\", node \"" + node
                        + "\" can only create and delete mirror pods");
            };
            case "status" -> podStatus(node, r);
            case "eviction" -> eviction(node, r);
            default -> deny(r, "unexpected pod subresource \"" + r.subresource()
                    + "\", only 'status' and 'eviction' are allowed");
        };
    }

    private Future<Void> podStatus(String node, AdmissionRequest r) {
        if (r.operation() != Operation.UPDATE) {
            return deny(r, "unexpected operation \"" + r.operation() + "\"");
        }
        ObjectNode old = r.oldObject();
        if (!boundTo(node, old)) {
            return deny(r, "node \"" + node + "\" can only update pod status for pods with spec.nodeName set to itself");
        }
        if (!sameMap(old.path("metadata").path("labels"), r.object().path("metadata").path("labels"))) {
            return deny(r, "node \"" + node + "\" cannot update labels through pod status");
        }
        if (!claimStatusesEqual(old.path("status").path("resourceClaimStatuses"),
                r.object().path("status").path("resourceClaimStatuses"))) {
            return deny(r, "node \"" + node + "\" cannot update resource claim statues"); // sic, upstream's text
        }
        return ok();
    }

    private Future<Void> eviction(String node, AdmissionRequest r) {
        if (r.operation() != Operation.CREATE) {
            return deny(r, "unexpected operation " + r.operation());
        }
        // The pod named in the path, rather than in the submitted Eviction.
        String pod = r.name().isEmpty() ? r.object().path("metadata").path("name").asText("") : r.name();
        if (pod.isEmpty()) {
            return deny(r, "could not determine pod from request data");
        }
        return existingPod(r, pod).compose(p -> boundTo(node, p)
                ? ok() : deny(r, "node " + node + " can only evict pods with spec.nodeName set to itself"));
    }

    private Future<Void> tokenRequest(String node, AdmissionRequest r) {
        if (r.operation() != Operation.CREATE || !"token".equals(r.subresource())) {
            return ok();
        }
        JsonNode ref = r.object().path("spec").path("boundObjectRef");
        if (ref.isMissingNode() || ref.isNull() || !"v1".equals(ref.path("apiVersion").asText())
                || !"Pod".equals(ref.path("kind").asText()) || ref.path("name").asText("").isEmpty()) {
            return deny(r, "node requested token not bound to a pod");
        }
        String uid = ref.path("uid").asText("");
        if (uid.isEmpty()) {
            return deny(r, "node requested token with a pod binding without a uid");
        }
        return existingPod(r, ref.path("name").asText()).compose(p -> {
            if (!uid.equals(p.path("metadata").path("uid").asText())) {
                return deny(r, "the UID in the bound object reference (" + uid + ") does not match the UID in record. "
                        + "The object might have been deleted and then recreated");
            }
            if (!boundTo(node, p)) {
                return deny(r, "node requested token bound to a pod scheduled on a different node");
            }
            return ok();
        });
    }

    private Future<Void> lease(String node, AdmissionRequest r) {
        if (!NODE_LEASE_NAMESPACE.equals(r.namespace())) {
            return deny(r, "can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
        }
        return node.equals(nameOnCreate(r)) ? ok()
                : deny(r, "can only access node lease with the same name as the requesting node");
    }

    private Future<Void> csiNode(String node, AdmissionRequest r) {
        return node.equals(nameOnCreate(r)) ? ok()
                : deny(r, "can only access CSINode with the same name as the requesting node");
    }

    /** On create the object's own name (the request may not carry one yet); otherwise the request's. */
    private static String nameOnCreate(AdmissionRequest r) {
        return r.operation() == Operation.CREATE && r.object() != null
                ? r.object().path("metadata").path("name").asText("") : r.name();
    }

    /** The stored pod; 404 as upstream when it does not exist. */
    private Future<JsonNode> existingPod(AdmissionRequest r, String name) {
        if (r.operation() == Operation.DELETE && r.oldObject() != null && name.equals(r.name())) {
            return Future.succeededFuture(r.oldObject());
        }
        return lookup.get("", "pods", r.namespace(), name).compose(notFound("pods", name));
    }

    /** The requesting node's own Node object (a mirror pod's owner reference must carry its uid). */
    private Future<JsonNode> lookupNode(String node) {
        return lookup.get("", "nodes", "", node).map(n -> (JsonNode) n);
    }

    private static Function<ObjectNode, Future<JsonNode>> notFound(String resource, String name) {
        return o -> o != null ? Future.succeededFuture(o)
                : Future.failedFuture(new AdmissionDenied(404, "NotFound", resource + " \"" + name + "\" not found",
                List.of()));
    }

    static boolean boundTo(String node, JsonNode pod) {
        return pod != null && node.equals(pod.path("spec").path("nodeName").asText(""));
    }

    /** Label maps equal, a missing map being an empty one (as upstream's labels.Equals). */
    private static boolean sameMap(JsonNode a, JsonNode b) {
        return NodeLabels.modified(a, b).isEmpty();
    }

    private static boolean claimStatusesEqual(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i);
            JsonNode y = b.get(i);
            if (!x.path("name").equals(y.path("name"))) {
                return false;
            }
            JsonNode cx = x.path("resourceClaimName");
            JsonNode cy = y.path("resourceClaimName");
            boolean nx = cx.isMissingNode() || cx.isNull();
            boolean ny = cy.isMissingNode() || cy.isNull();
            if (nx != ny || !nx && !cx.asText().equals(cy.asText())) {
                return false;
            }
        }
        return true;
    }

    static <T> Future<T> deny(AdmissionRequest r, String why) {
        return Future.failedFuture(AdmissionDenied.forbidden(r, why));
    }

    private static Future<Void> ok() {
        return Future.succeededFuture();
    }
}
