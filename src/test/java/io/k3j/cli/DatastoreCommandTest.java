package io.k3j.cli;

import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class DatastoreCommandTest {

    @TempDir
    Path dataDir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DatastoreCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--data-dir";
        full[args.length + 1] = dataDir.toString();
        int code = cl.execute(full);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void saveWhileRunningListDeleteAndRestoreWhenStopped() {
        Vertx vertx = Vertx.vertx();
        StoreOptions options = StoreOptions.defaults(dataDir);
        Store store = await(StoreRegistry.defaults().open(vertx, options, null));
        try {
            await(store.create("/registry/a", "before".getBytes(StandardCharsets.UTF_8)));
            // Online: the server keeps the file open and writing.
            assertThat(run("snapshot", "save", "--name", "snap1").code()).isZero();
            await(store.create("/registry/b", "after".getBytes(StandardCharsets.UTF_8)));
            assertThat(run("snapshot", "save", "--name", "snap2").code()).isZero();
            assertThat(run("snapshot", "ls").out()).contains("snap1").contains("snap2");
            assertThat(run("snapshot", "delete", "snap2").code()).isZero();
            assertThat(run("snapshot", "ls").out()).doesNotContain("snap2");

            Run refused = run("snapshot", "restore", "snap1");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("in use");
        } finally {
            await(store.closeAsync());
        }
        Run restored = run("snapshot", "restore", "snap1");
        assertThat(restored.code()).as(restored.err()).isZero();
        assertThat(Files.exists(dataDir.resolve("server/db/snapshots/snap1.db"))).isTrue();

        store = await(StoreRegistry.defaults().open(vertx, options, null));
        try {
            assertThat(await(store.get("/registry/a")).kv()).isNotNull();
            assertThat(await(store.get("/registry/b")).kv()).isNull();
        } finally {
            await(store.closeAsync());
            await(vertx.close());
        }
    }

    @Test
    void unknownSnapshotAndBadNamesFailClearly() {
        assertThat(run("snapshot", "restore", "nope").err()).contains("no snapshot nope");
        assertThat(run("snapshot", "delete", "../x").err()).contains("invalid snapshot name");
    }
}
