/**
 * Upstream's Node authorizer, in pure Java (Jackson trees in, no Vert.x): a kubelet ({@code system:node:<name>} in
 * group {@code system:nodes}) may read only the objects its pods need.
 *
 * <ul>
 *   <li>{@link io.k3j.auth.node.NodeIdentity}: which node a user is, as upstream's default node identifier.</li>
 *   <li>{@link io.k3j.auth.node.PodReferences}, {@link io.k3j.auth.node.PvReferences}: what a pod or a
 *       PersistentVolume points at (secrets, configmaps, claims, service account ...).</li>
 *   <li>{@link io.k3j.auth.node.NodeGraph}: pods bound to nodes and what they reach, kept as per-node reference
 *       counts, so asking "does node n reach secret s" is a few hash lookups, never a traversal.</li>
 *   <li>{@link io.k3j.auth.node.NodeAuthorizer}: the decision, with upstream's verbs, subresource rules and
 *       reason texts; what it does not subdivide is decided by the system:node rules.</li>
 * </ul>
 */
package io.k3j.auth.node;
