/**
 * Kubernetes RBAC (rbac.authorization.k8s.io/v1) as upstream decides it, in pure Java.
 *
 * <ul>
 *   <li>{@link io.k3j.auth.rbac.RbacIndex}: Roles, ClusterRoles and their bindings as the API serves them, fed by
 *       an informer; readers get immutable {@link io.k3j.auth.rbac.RbacSnapshot}s with bindings indexed by
 *       subject, so a decision never scans every binding and never locks.</li>
 *   <li>{@link io.k3j.auth.rbac.RbacAuthorizer}: the {@link io.k3j.auth.Authorizer} over the index, with upstream's
 *       allow reasons; {@link io.k3j.auth.rbac.ForbiddenMessage} the 403 text.</li>
 *   <li>{@link io.k3j.auth.rbac.RulesReview}: a user's rules in a namespace (SelfSubjectRulesReview).</li>
 *   <li>{@link io.k3j.auth.rbac.Escalation}: nobody grants what they do not hold, unless they may
 *       {@code escalate}/{@code bind}; {@link io.k3j.auth.rbac.RuleCoverage} the comparison it rests on.</li>
 *   <li>{@link io.k3j.auth.rbac.ClusterRoleAggregation}: the rules an aggregated ClusterRole should carry.</li>
 *   <li>{@link io.k3j.auth.rbac.BootstrapPolicy} and {@link io.k3j.auth.rbac.BootstrapReconciler}: upstream's
 *       default roles and bindings, and the additive reconciliation that keeps them at every start.</li>
 * </ul>
 */
package io.k3j.auth.rbac;
