package io.k3j.store;

import java.net.URI;
import java.util.Locale;

/**
 * A parsed datastore endpoint. {@link #masked()} is the only form that may reach logs and error messages.
 */
public record Endpoint(String scheme, String raw) {

    public static final String SQLITE = "sqlite";

    public static Endpoint parse(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return new Endpoint(SQLITE, "");
        }
        int i = endpoint.indexOf("://");
        if (i <= 0) {
            throw new IllegalArgumentException("datastore endpoint " + mask(endpoint) + " has no scheme (want scheme://...)");
        }
        return new Endpoint(endpoint.substring(0, i).toLowerCase(Locale.ROOT), endpoint);
    }

    /**
     * Whether several servers may use this datastore at once (an external database): then it also carries the
     * cluster's bootstrap data, and the servers elect leaders. SQLite and memory belong to one process.
     */
    public boolean shared() {
        return !SQLITE.equals(scheme) && !"memory".equals(scheme);
    }

    public String masked() {
        return mask(raw);
    }

    /** Replaces the password in {@code user:password@} with {@code ***}. */
    public static String mask(String endpoint) {
        if (endpoint == null) {
            return "";
        }
        int scheme = endpoint.indexOf("://");
        int at = endpoint.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return endpoint;
        }
        int colon = endpoint.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) {
            return endpoint;
        }
        return endpoint.substring(0, colon + 1) + "***" + endpoint.substring(at);
    }

    public URI uri() {
        return URI.create(raw);
    }
}
