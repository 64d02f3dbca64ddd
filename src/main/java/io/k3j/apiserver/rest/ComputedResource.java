package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.RequestInfo;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * A create-only resource that is computed per request and never stored (the authorization reviews): the REST
 * handler decodes the body (JSON, YAML or protobuf) and checks its type and namespace, then asks this for the
 * answer, which it sends with 201 Created.
 */
public interface ComputedResource {

    /** Whether this resource answers the request (a create on one of its resources). */
    boolean handles(RequestInfo info);

    /** The response object; fails with an {@link ApiError} for a bad request. */
    Future<ObjectNode> create(RoutingContext ctx, RequestInfo info, ObjectNode body);
}
