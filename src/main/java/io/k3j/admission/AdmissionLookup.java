package io.k3j.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.List;

/**
 * How plugins read the cluster's objects (namespaces, LimitRanges, ServiceAccounts, PriorityClasses, quotas,
 * webhook configurations ...): from the API server's watch cache, without HTTP or a datastore round trip per
 * request. Answers are shared and read-only: copy before changing.
 */
public interface AdmissionLookup {

    /**
     * @param group     "" for core
     * @param resource  plural resource name
     * @param namespace "" for cluster-scoped resources
     * @return the object, or null when it does not exist
     */
    Future<ObjectNode> get(String group, String resource, String namespace, String name);

    /** Every object of the resource in the namespace ("" = all namespaces, or a cluster-scoped resource). */
    Future<List<ObjectNode>> list(String group, String resource, String namespace);
}
