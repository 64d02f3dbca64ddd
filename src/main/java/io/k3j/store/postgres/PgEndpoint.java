package io.k3j.store.postgres;

import io.k3j.store.Endpoint;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code postgres://user:pass@host:port/db?table=name}: database defaults to {@code kubernetes} (as in K3s),
 * table to {@code kv}. {@code table} lets tests and several clusters share one database.
 */
record PgEndpoint(PgConnectOptions connect, String table, String masked) {

    private static final Pattern IDENT = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

    static PgEndpoint parse(String endpoint) {
        String masked = Endpoint.mask(endpoint);
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed datastore endpoint " + masked);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("datastore endpoint " + masked + " has no host");
        }
        PgConnectOptions o = new PgConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : 5432);
        String path = uri.getPath();
        o.setDatabase(path == null || path.length() <= 1 ? "kubernetes" : path.substring(1));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            o.setUser(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                o.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        String table = "kv";
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals("table")) {
                    table = decode(kv.substring(eq + 1));
                }
            }
        }
        if (!IDENT.matcher(table).matches()) {
            throw new IllegalArgumentException("datastore endpoint " + masked + ": table must match " + IDENT);
        }
        return new PgEndpoint(o, table, masked);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
