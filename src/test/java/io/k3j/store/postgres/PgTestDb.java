package io.k3j.store.postgres;

import org.junit.jupiter.api.Assumptions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.ThreadLocalRandom;

/** The test database from {@code K3J_TEST_POSTGRES}; each call names a new table so tests never interfere. */
public final class PgTestDb {
    public static final String ENV = "K3J_TEST_POSTGRES";

    private PgTestDb() {
    }

    public static String endpoint() {
        String e = System.getenv(ENV);
        Assumptions.assumeTrue(e != null && !e.isBlank(),
                ENV + " is not set (e.g. postgres://k3j:k3j@127.0.0.1:5432/k3j_test; see .ci/postgres.sh)");
        return e;
    }

    public static String freshTable() {
        String base = endpoint();
        String table = "t" + Long.toString(System.nanoTime(), 36) + ThreadLocalRandom.current().nextInt(1000);
        return base + (base.contains("?") ? "&" : "?") + "table=" + table;
    }

    /** Drops the tables behind {@code endpoint} (made by {@link #freshTable()}). */
    public static Future<Void> drop(Vertx vertx, String endpoint) {
        PgEndpoint e = PgEndpoint.parse(endpoint);
        Pool pool = PgBuilder.pool().connectingTo(e.connect()).using(vertx).build();
        return pool.query("DROP TABLE IF EXISTS " + e.table() + ", " + e.table() + "_meta").execute()
                .<Void>mapEmpty().eventually(pool::close);
    }
}
