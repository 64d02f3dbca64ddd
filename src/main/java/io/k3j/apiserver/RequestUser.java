package io.k3j.apiserver;

import io.k3j.auth.UserInfo;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a request's authenticated user lives in its routing context: set by authentication, replaced by
 * impersonation, read by authorization and every handler after it.
 */
public final class RequestUser {

    /** The routing-context key of the {@link UserInfo}. */
    public static final String KEY = "k3j.user";
    /** The user who authenticated, kept when impersonation replaced {@link #KEY} (for audit). */
    public static final String ORIGINAL_KEY = "k3j.user.original";

    private RequestUser() {
    }

    public static UserInfo of(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
