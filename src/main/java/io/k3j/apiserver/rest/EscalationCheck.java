package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.RequestInfo;
import io.vertx.ext.web.RoutingContext;

/**
 * RBAC's escalation prevention, asked by the write path once the object to store is final (after decoding,
 * patching or applying, defaults and server-owned metadata) and before the store write, as upstream's RBAC
 * registry strategies do. Only roles, cluster roles and their bindings are asked.
 */
@FunctionalInterface
public interface EscalationCheck {

    /** Allows everything: for servers without RBAC (tests). */
    EscalationCheck NONE = (ctx, info, obj, old) -> {
    };

    /**
     * @param old the stored object on update, null on create
     * @throws ApiError 403 Forbidden when the requester may not write {@code obj}
     */
    void check(RoutingContext ctx, RequestInfo info, ObjectNode obj, ObjectNode old);
}
