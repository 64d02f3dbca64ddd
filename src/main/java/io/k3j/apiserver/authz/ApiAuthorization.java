package io.k3j.apiserver.authz;

import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.RequestUser;
import io.k3j.apiserver.Responses;
import io.k3j.apiserver.rest.ComputedResource;
import io.k3j.apiserver.rest.EscalationCheck;
import io.k3j.apiserver.rest.RbacBootstrap;
import io.k3j.apiserver.rest.ResourceCatalog;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.auth.BootstrapPolicyAuthorizer;
import io.k3j.api.selector.FieldSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.auth.UserInfo;
import io.k3j.auth.node.NodeAuthorizer;
import io.k3j.auth.node.NodeGraph;
import io.k3j.auth.authz.AttributesAuthorizer;
import io.k3j.auth.authz.AuthorizerUnion;
import io.k3j.auth.authz.Impersonation;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import io.k3j.auth.rbac.Escalation;
import io.k3j.auth.rbac.ForbiddenMessage;
import io.k3j.auth.rbac.RbacAuthorizer;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.auth.rbac.RulesReview;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server's authorization, assembled: the RBAC index fed from the watch cache, the authorizer chain
 * (privileged groups, Node, RBAC, then the bootstrap fallback), the impersonation and authorization filters,
 * the escalation check for the write path and the review APIs. {@link #start} reconciles the bootstrap policy and
 * loads the index; call it before the server listens.
 */
public final class ApiAuthorization {

    private static final Logger LOG = Logger.getLogger(ApiAuthorization.class.getName());
    private static final String IMPERSONATE_PREFIX = "Impersonate-";

    private final Vertx vertx;
    private final RbacIndex index = new RbacIndex();
    private final RbacFeed feed;
    private final NodeGraphFeed nodeFeed;
    private final AuthorizerUnion chain;
    private final EscalationCheck escalation;
    private final AccessReviews reviews;

    public ApiAuthorization(Vertx vertx, WatchCache cache) {
        this.vertx = vertx;
        this.feed = new RbacFeed(vertx, cache, index);
        this.nodeFeed = new NodeGraphFeed(vertx, cache, new NodeGraph());
        this.chain = chain(index, nodeFeed.graph());
        this.escalation = new RbacEscalationCheck(new Escalation(index, chain));
        this.reviews = new AccessReviews(chain, new RulesReview(index));
    }

    /**
     * The server's authorizer chain over {@code index} and {@code nodeGraph}: upstream's order (privileged groups,
     * Node, RBAC), then the bootstrap fallback ({@link BootstrapPolicyAuthorizer}: public health paths and, for
     * now, k3j's components).
     */
    public static AuthorizerUnion chain(RbacIndex index, NodeGraph nodeGraph) {
        RbacAuthorizer rbac = new RbacAuthorizer(index);
        return new AuthorizerUnion(List.of(
                AuthorizerUnion.PRIVILEGED_GROUPS,
                new NodeAuthorizer(nodeGraph),
                rbac::authorize,
                AttributesAuthorizer.of(new BootstrapPolicyAuthorizer())));
    }

    /** Reconciles the bootstrap policy with the store, then fills the RBAC index and the node graph from the cache. */
    public Future<Void> start(Store store, ResourceCatalog catalog) {
        return RbacBootstrap.reconcile(vertx, store, catalog)
                .compose(o -> Future.all(feed.start(), nodeFeed.start()))
                .mapEmpty();
    }

    public void stop() {
        feed.stop();
        nodeFeed.stop();
    }

    /** The whole chain, for anything else that must decide as the server does. */
    public AuthorizerUnion authorizer() {
        return chain;
    }

    public RbacIndex index() {
        return index;
    }

    public EscalationCheck escalationCheck() {
        return escalation;
    }

    public List<ComputedResource> computedResources() {
        return List.of(reviews);
    }

    /**
     * The authorization filter: allowed requests go on; others get upstream's 403. Until the index is loaded
     * (only possible if it is asked before {@link #start} completed) resource requests of anyone but
     * system:masters wait with 503, so nobody is refused or admitted on an empty index.
     */
    public void authorize(RoutingContext ctx, RequestInfo info) {
        UserInfo user = RequestUser.of(ctx);
        Attributes a = attributes(info, ctx.request().getParam("fieldSelector"));
        if (!ready(user, info)) {
            ctx.response().putHeader("Retry-After", "1");
            Responses.sendStatus(ctx.response(), 503, "ServiceUnavailable", NOT_READY);
            return;
        }
        Decision d = chain.authorize(user, a);
        if (d.allowed()) {
            ctx.next();
            return;
        }
        LOG.log(Level.FINE, "forbidden", new Object[]{"user", user.name(), "verb", a.verb(), "path", info.path()});
        Responses.forbidden(ctx.response(), ForbiddenMessage.of(user.name(), a, d.reason()), a);
    }

    /**
     * The filter's decision for a request made in-process (no HTTP, the user known): empty when allowed, else the
     * Status the filter would have answered (503 before the index is loaded, 403 with upstream's text).
     */
    public Optional<JsonObject> refusal(UserInfo user, RequestInfo info, String fieldSelector) {
        Attributes a = attributes(info, fieldSelector);
        if (!ready(user, info)) {
            return Optional.of(Responses.status(503, "ServiceUnavailable", NOT_READY));
        }
        Decision d = chain.authorize(user, a);
        if (d.allowed()) {
            return Optional.empty();
        }
        LOG.log(Level.FINE, "forbidden", new Object[]{"user", user.name(), "verb", a.verb(), "path", info.path()});
        return Optional.of(Responses.forbiddenStatus(ForbiddenMessage.of(user.name(), a, d.reason()), a));
    }

    private static final String NOT_READY = "the RBAC authorizer is not ready yet";

    /** Until the index is loaded, resource requests of anyone but system:masters wait (see {@link #authorize}). */
    private boolean ready(UserInfo user, RequestInfo info) {
        return feed.loaded() && nodeFeed.loaded() || !info.resourceRequest() || user.inGroup(UserInfo.MASTERS);
    }

    private static Attributes attributes(RequestInfo info, String fieldSelector) {
        return info.resourceRequest()
                ? Attributes.resource(info.verb(), info.apiGroup(), info.resource(), info.subresource(), info.namespace(),
                nameOf(info, fieldSelector))
                : Attributes.path(info.verb(), info.path());
    }

    /**
     * The name a request is about, for authorization: the path's, or for a list or watch with a
     * {@code metadata.name=<x>} field selector that {@code x}, as upstream's RequestInfoFactory sets it (so a named
     * list/watch is authorized like a get: RBAC resourceNames, the Node authorizer's per-object checks).
     */
    static String nameOf(RequestInfo info, String selector) {
        if (!info.name().isEmpty() || !("list".equals(info.verb()) || "watch".equals(info.verb()))) {
            return info.name();
        }
        if (selector == null || selector.isEmpty()) {
            return "";
        }
        try {
            return FieldSelector.parse(selector).requiresExactMatch("metadata.name")
                    .filter(ApiAuthorization::validPathSegment).orElse("");
        } catch (SelectorException e) {
            return ""; // the list itself answers 400 for a bad selector
        }
    }

    /** Upstream's IsValidPathSegmentName: a name that could be a path segment. */
    private static boolean validPathSegment(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('%') < 0;
    }

    /**
     * The impersonation filter (after authentication and audit, before authorization, as upstream): with
     * Impersonate-* headers the request continues as the impersonated user, if the authenticated one may
     * {@code impersonate} each part.
     */
    public void impersonate(RoutingContext ctx) {
        MultiMap headers = ctx.request().headers();
        if (!mentionsImpersonation(headers)) {
            ctx.next();
            return;
        }
        UserInfo requester = RequestUser.of(ctx);
        switch (Impersonation.resolve(requester, headers.entries(), chain)) {
            case Impersonation.None n -> ctx.next();
            case Impersonation.Impersonated i -> {
                ctx.put(RequestUser.ORIGINAL_KEY, requester);
                ctx.put(RequestUser.KEY, i.user());
                ctx.next();
            }
            case Impersonation.Denied d -> Responses.forbidden(ctx.response(),
                    ForbiddenMessage.of(requester.name(), d.attributes(), d.reason()), d.attributes());
            case Impersonation.Malformed m -> Responses.sendStatus(ctx.response(), 500, "InternalError",
                    "Internal error occurred: " + m.message());
        }
    }

    /** Whether any header asks for impersonation (checked on every request, so a plain scan of the names). */
    public static boolean mentionsImpersonation(MultiMap headers) {
        for (String name : headers.names()) {
            if (name.regionMatches(true, 0, IMPERSONATE_PREFIX, 0, IMPERSONATE_PREFIX.length())) {
                return true;
            }
        }
        return false;
    }
}
