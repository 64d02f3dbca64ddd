package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

/**
 * Reads core/v1 objects that tokens are bound to (ServiceAccounts, Pods, Secrets, Nodes) without blocking.
 * The API server answers from its watch cache, falling back to the store for objects the cache does not
 * hold yet (a ServiceAccount created a moment ago), as kube-apiserver's token getter does.
 */
@FunctionalInterface
public interface ObjectLookup {

    /**
     * @param resource  plural core/v1 resource: serviceaccounts, pods, secrets, nodes
     * @param namespace empty for cluster-scoped resources
     * @return the object (read-only), or null when it does not exist
     */
    Future<ObjectNode> get(String resource, String namespace, String name);
}
