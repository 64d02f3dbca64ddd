package io.k3j.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

class StoreVerticleTest {

    @TempDir
    Path dataDir;
    Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void opensSqliteAnswersHealthRegistersMetersAndClosesCleanly() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StoreVerticle v = new StoreVerticle(StoreOptions.defaults(dataDir), meters);
        String id = await(vertx.deployVerticle(v));
        assertThat(await(vertx.eventBus().request(StoreAddresses.HEALTH, "")).body()).isEqualTo("ok");
        await(v.store().create("/a", new byte[]{1}));
        assertThat(meters.get("k3j.store.commit.latency").timer().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("k3j.store.revision.current").gauge().value()).isEqualTo(1.0);
        assertThat(meters.find("k3j.store.watchers").gauge()).isNotNull();
        assertThat(meters.find("k3j.store.watchers.dropped").counter()).isNotNull();
        await(vertx.undeploy(id));
        assertThat(meters.find("k3j.store.revision.current").gauge()).as("meters leave with the store").isNull();
        StoreVerticle again = new StoreVerticle(StoreOptions.defaults(dataDir), meters);
        String id2 = await(vertx.deployVerticle(again));
        await(again.store().create("/b", new byte[]{1}));
        assertThat(meters.get("k3j.store.revision.current").gauge().value()).isEqualTo(2.0);
        await(vertx.undeploy(id2));
        // stop() checkpoints: no WAL left behind.
        Path wal = dataDir.resolve("server/db/state.db-wal");
        assertThat(!Files.exists(wal) || wal.toFile().length() == 0).isTrue();
        // And the health address is gone with the verticle.
        assertThat(failure(vertx.eventBus().request(StoreAddresses.HEALTH, ""))).isInstanceOf(ReplyException.class);
    }

    @Test
    void unknownSchemeIsAClearErrorWithThePasswordMasked() {
        Throwable e = failure(vertx.deployVerticle(new StoreVerticle(
                StoreOptions.defaults(dataDir).withEndpoint("mysql://root:s3cret@db:3306/k"), null)));
        assertThat(e.getMessage()).contains("mysql://root:***@db:3306/k").contains("unsupported").doesNotContain("s3cret");
    }

    @Test
    void unreachablePostgresIsAClearErrorWithThePasswordMasked() {
        Throwable e = failure(vertx.deployVerticle(new StoreVerticle(
                StoreOptions.defaults(dataDir).withEndpoint("postgres://k3j:hunter2@127.0.0.1:1/kubernetes"), null)));
        assertThat(e.getMessage()).contains("postgres://k3j:***@127.0.0.1:1/kubernetes").doesNotContain("hunter2");
    }

    @Test
    void secondServerOnTheSameSqliteFileIsRefused() {
        await(vertx.deployVerticle(new StoreVerticle(StoreOptions.defaults(dataDir), null)));
        Throwable e = failure(vertx.deployVerticle(new StoreVerticle(StoreOptions.defaults(dataDir), null)));
        assertThat(e.getMessage()).contains("in use");
    }
}
