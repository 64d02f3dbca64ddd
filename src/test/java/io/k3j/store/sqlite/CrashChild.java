package io.k3j.store.sqlite;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.k3j.store.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link SqliteCrashTest}: runs the real SQLite store on the real file with {@code writers}
 * concurrent writers, each creating keys one after another, and prints {@code ACK <revision> <key>} for every
 * acknowledged write — only after the store's future completed, i.e. after the commit was durable. Runs until
 * killed.
 */
public final class CrashChild {

    private static PrintStream out;

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        String tag = args[1];
        int writers = Integer.parseInt(args[2]);
        out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Vertx vertx = Vertx.vertx();
        Store store = StoreRegistry.defaults().open(vertx, StoreOptions.defaults(dataDir), null).await();
        synchronized (out) {
            out.println("READY " + store.currentRevision().await());
            out.flush();
        }
        for (int w = 0; w < writers; w++) {
            write(store, "/crash/" + tag + "/w" + w + "/", 0);
        }
    }

    private static void write(Store store, String prefix, int i) {
        String key = prefix + i;
        Future<WriteResult> f = store.create(key, ("value-" + key).getBytes(StandardCharsets.UTF_8));
        f.onSuccess(r -> {
            synchronized (out) {
                out.println("ACK " + r.revision() + " " + key);
                out.flush();
            }
            write(store, prefix, i + 1);
        }).onFailure(e -> {
            synchronized (out) {
                out.println("ERR " + key + " " + e);
                out.flush();
            }
        });
    }
}
