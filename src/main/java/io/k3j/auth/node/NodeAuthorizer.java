package io.k3j.auth.node;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.auth.UserInfo;
import io.k3j.auth.authz.AttributesAuthorizer;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.auth.rbac.Decision;
import io.k3j.auth.rbac.PolicyRule;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's Node authorizer. Users that are not nodes get no opinion (the chain goes on to RBAC). For a node:
 * <ul>
 *   <li>secrets, configmaps: get/list/watch of one named object in a namespace that a pod on the node uses;</li>
 *   <li>persistentvolumeclaims, persistentvolumes, volumeattachments: get of one the node reaches;
 *       persistentvolumeclaims/status: update/patch of one the node reaches;</li>
 *   <li>serviceaccounts: create of the token subresource for one a pod on the node runs as;</li>
 *   <li>leases: get/create/update/patch/delete in kube-node-lease of the lease named as the node (create
 *       unchecked here: NodeRestriction checks the new object's name);</li>
 *   <li>csinodes: get/create/update/patch/delete of the one named as the node;</li>
 *   <li>anything else (nodes, pods, events, services, ...): the {@code system:node} ClusterRole's rules, which
 *       NodeRestriction narrows on writes.</li>
 * </ul>
 * Refusals are "no opinion" with upstream's reason, so RBAC still decides (a cluster may bind more to nodes).
 */
public final class NodeAuthorizer implements AttributesAuthorizer {

    private static final Logger LOG = Logger.getLogger(NodeAuthorizer.class.getName());
    public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
    private static final String STORAGE = "storage.k8s.io";

    private final NodeGraph graph;
    private final List<PolicyRule> nodeRules;

    public NodeAuthorizer(NodeGraph graph) {
        this(graph, systemNodeRules());
    }

    public NodeAuthorizer(NodeGraph graph, List<PolicyRule> nodeRules) {
        this.graph = graph;
        this.nodeRules = List.copyOf(nodeRules);
    }

    /** The rules of the default {@code system:node} ClusterRole, which upstream's Node authorizer also applies. */
    public static List<PolicyRule> systemNodeRules() {
        for (JsonNode role : BootstrapPolicy.clusterRoles()) {
            if ("system:node".equals(role.path("metadata").path("name").asText())) {
                return PolicyRule.listFromJson(role.path("rules"));
            }
        }
        throw new IllegalStateException("bootstrap policy has no system:node ClusterRole");
    }

    @Override
    public Decision authorize(UserInfo user, Attributes a) {
        Optional<String> identity = NodeIdentity.of(user);
        if (identity.isEmpty()) {
            return noOpinion("");
        }
        String node = identity.get();
        if (node.isEmpty()) {
            return noOpinion("unknown node for user \"" + user.name() + "\"");
        }
        if (a.resourceRequest()) {
            Decision d = subdivided(node, a);
            if (d != null) {
                return d;
            }
        }
        return staticRules(a) ? allow() : noOpinion("");
    }

    /** The resources upstream subdivides per node; null for the others. */
    private Decision subdivided(String node, Attributes a) {
        return switch (a.apiGroup() + "/" + a.resource()) {
            case "/secrets" -> readNamespaced(node, ObjectRef.Kind.SECRET, a);
            case "/configmaps" -> readNamespaced(node, ObjectRef.Kind.CONFIGMAP, a);
            case "/persistentvolumeclaims" -> "status".equals(a.subresource())
                    ? statusUpdate(node, ObjectRef.Kind.PVC, a) : get(node, ObjectRef.Kind.PVC, a);
            case "/persistentvolumes" -> get(node, ObjectRef.Kind.PV, a);
            case "resource.k8s.io/resourceclaims" -> get(node, ObjectRef.Kind.RESOURCE_CLAIM, a);
            case STORAGE + "/volumeattachments" -> get(node, ObjectRef.Kind.VOLUME_ATTACHMENT, a);
            case "/serviceaccounts" -> createToken(node, a);
            case "coordination.k8s.io/leases" -> lease(node, a);
            case STORAGE + "/csinodes" -> csiNode(node, a);
            default -> null;
        };
    }

    private Decision readNamespaced(String node, ObjectRef.Kind kind, Attributes a) {
        return switch (a.verb()) {
            case "get", "list", "watch" -> {
                if (!a.subresource().isEmpty()) {
                    yield noOpinion("cannot read subresource");
                }
                if (a.namespace().isEmpty()) {
                    yield noOpinion("can only read namespaced object of this type");
                }
                yield related(node, kind, a);
            }
            default -> noOpinion("can only read resources of this type");
        };
    }

    private Decision get(String node, ObjectRef.Kind kind, Attributes a) {
        if (!"get".equals(a.verb())) {
            return noOpinion("can only get individual resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return noOpinion("cannot get subresource");
        }
        return related(node, kind, a);
    }

    private Decision statusUpdate(String node, ObjectRef.Kind kind, Attributes a) {
        if (!"update".equals(a.verb()) && !"patch".equals(a.verb())) {
            return noOpinion("can only get/update/patch this type");
        }
        return related(node, kind, a);
    }

    private Decision createToken(String node, Attributes a) {
        if (!"create".equals(a.verb()) || a.name().isEmpty()) {
            return noOpinion("can only create tokens for individual service accounts");
        }
        if (!"token".equals(a.subresource())) {
            return noOpinion("can only create token subresource of serviceaccount");
        }
        return reaches(node, ObjectRef.Kind.SERVICE_ACCOUNT, a);
    }

    private Decision lease(String node, Attributes a) {
        String verb = a.verb();
        if (!List.of("get", "create", "update", "patch", "delete").contains(verb)) {
            return noOpinion("can only get, create, update, patch, or delete a node lease");
        }
        if (!NODE_LEASE_NAMESPACE.equals(a.namespace())) {
            return noOpinion("can only access leases in the \"" + NODE_LEASE_NAMESPACE + "\" system namespace");
        }
        // On create the name is in the body, which NodeRestriction checks.
        if (!"create".equals(verb) && !node.equals(a.name())) {
            return noOpinion("can only access node lease with the same name as the requesting node");
        }
        return allow();
    }

    private Decision csiNode(String node, Attributes a) {
        String verb = a.verb();
        if (!List.of("get", "create", "update", "patch", "delete").contains(verb)) {
            return noOpinion("can only get, create, update, patch, or delete a CSINode");
        }
        if (!a.subresource().isEmpty()) {
            return noOpinion("cannot authorize CSINode subresources");
        }
        if (!"create".equals(verb) && !node.equals(a.name())) {
            return noOpinion("can only access CSINode with the same name as the requesting node");
        }
        return allow();
    }

    private Decision related(String node, ObjectRef.Kind kind, Attributes a) {
        if (a.name().isEmpty()) {
            return noOpinion("No Object name found");
        }
        return reaches(node, kind, a);
    }

    private Decision reaches(String node, ObjectRef.Kind kind, Attributes a) {
        ObjectRef target = new ObjectRef(kind, a.namespace(), a.name());
        if (graph.reaches(node, target)) {
            return allow();
        }
        // Upstream logs the detail ("node 'n' cannot get secret ns/name, no relationship to this object was found in
        // the node authorizer graph") and answers the client with the short form.
        LOG.log(Level.FINE, "node authorizer: no relationship", new Object[]{"node", node, "object", target});
        return noOpinion("no relationship found between node '" + node + "' and this object");
    }

    private boolean staticRules(Attributes a) {
        for (PolicyRule r : nodeRules) {
            boolean allows = a.resourceRequest()
                    ? r.allowsResource(a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.name())
                    : r.allowsPath(a.verb(), a.path());
            if (allows) {
                return true;
            }
        }
        return false;
    }

    private static Decision allow() {
        return new Decision(true, "");
    }

    private static Decision noOpinion(String reason) {
        return new Decision(false, reason);
    }
}
