package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.RequestInfo;
import io.k3j.admission.AdmissionChain;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.UserInfo;
import io.k3j.auth.authn.Authentication;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The authentication API endpoints, none of them stored: {@code serviceaccounts/token} (TokenRequest),
 * {@code tokenreviews}, {@code selfsubjectreviews}, and the service-account issuer discovery documents. The
 * REST router asks {@link #handles} for each resource request before its generic handler.
 */
public final class AuthnEndpoints {

    private static final Logger LOG = Logger.getLogger(AuthnEndpoints.class.getName());

    private final TokenRequestHandler tokenRequests;
    private final TokenReviewHandler tokenReviews;
    private final SelfSubjectReviewHandler selfReviews;
    private final IssuerDiscovery discovery;

    /** @param advertisedAddress "host:port" of this server, for the default JWKS URI */
    public AuthnEndpoints(Supplier<Store> store, Authentication authn, String advertisedAddress) {
        this(store, authn, advertisedAddress, AdmissionChain.NONE);
    }

    /** @param admission the chain TokenRequests pass (CREATE of serviceaccounts/token) */
    public AuthnEndpoints(Supplier<Store> store, Authentication authn, String advertisedAddress, AdmissionChain admission) {
        ReviewBodies bodies = new ReviewBodies();
        var flags = authn.settings().flags();
        this.tokenRequests = new TokenRequestHandler(store, authn.issuer(), flags.apiAudiences(), bodies, admission);
        this.tokenReviews = new TokenReviewHandler(authn.tokens(), flags.apiAudiences(), bodies);
        this.selfReviews = new SelfSubjectReviewHandler(bodies);
        this.discovery = new IssuerDiscovery(flags.serviceAccountIssuer(),
                flags.jwksUri().orElse("https://" + advertisedAddress + IssuerDiscovery.JWKS_PATH),
                authn.settings().serviceAccountKeys());
    }

    /** The non-resource routes: issuer discovery (authorized like every path, before the router gets here). */
    public void mount(Router router) {
        router.get(IssuerDiscovery.CONFIGURATION_PATH).handler(discovery::configuration);
        router.get(IssuerDiscovery.JWKS_PATH).handler(discovery::jwks);
    }

    /** Whether this resource request is one of ours (only create; other verbs get the REST handler's 405/404). */
    public boolean handles(RequestInfo info) {
        if (!info.verb().equals("create")) {
            return false;
        }
        if (info.apiGroup().isEmpty() && info.apiVersion().equals("v1") && info.resource().equals("serviceaccounts")
                && info.subresource().equals("token") && !info.namespace().isEmpty() && !info.name().isEmpty()) {
            return true;
        }
        return info.apiGroup().equals("authentication.k8s.io") && info.apiVersion().equals("v1")
                && info.namespace().isEmpty() && info.name().isEmpty() && info.subresource().isEmpty()
                && (info.resource().equals("tokenreviews") || info.resource().equals("selfsubjectreviews"));
    }

    public void handle(RoutingContext ctx, RequestInfo info, UserInfo user) {
        Future<Void> done;
        try {
            done = switch (info.resource()) {
                case "serviceaccounts" -> tokenRequests.create(ctx, info);
                case "tokenreviews" -> tokenReviews.create(ctx);
                default -> selfReviews.create(ctx, user);
            };
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        done.onFailure(e -> fail(ctx, e));
    }

    static void send(RoutingContext ctx, int code, JsonNode body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.bytes(body)));
    }

    private static void fail(RoutingContext ctx, Throwable e) {
        ApiError err;
        if (e instanceof ApiError a) {
            err = a;
        } else if (e instanceof io.k3j.store.StoreException.Unavailable) {
            err = new ApiError(503, "ServiceUnavailable", "the datastore is not available", null);
        } else {
            LOG.log(Level.SEVERE, "authentication endpoint failed", e);
            err = ApiError.internal(e.getClass().getSimpleName());
        }
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(err.code()).putHeader("Content-Type", "application/json")
                .end(err.toStatus().encode());
    }
}
