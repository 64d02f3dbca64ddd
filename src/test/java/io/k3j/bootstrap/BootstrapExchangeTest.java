package io.k3j.bootstrap;

import io.k3j.pki.ClusterPki;
import io.k3j.pki.PkiSpec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapExchangeTest {

    @TempDir
    Path tmp;
    private Vertx vertx;
    private Store store;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        store = StoreRegistry.defaults().open(vertx, StoreOptions.defaults(tmp.resolve("db")).withEndpoint("memory://"), null)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        store.closeAsync().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BootstrapExchange.Generator pki(Path serverDir, String node) {
        return () -> ClusterPki.ensure(new PkiSpec(serverDir.resolve("tls"), "cluster.local",
                InetAddress.getByName("10.43.0.1"), List.of(node), List.of(), node), Clock.systemUTC());
    }

    @Test
    void secondServerTakesTheFirstServersCasAndKeepsItsOwnServingCert() throws Exception {
        Path a = tmp.resolve("a/server");
        Path b = tmp.resolve("b/server");
        assertThat(new BootstrapExchange(store, a, "secret").sync(pki(a, "node-a"))).isEqualTo(BootstrapExchange.Outcome.CREATED);
        assertThat(new BootstrapExchange(store, b, "secret").sync(() -> {
            throw new AssertionError("a joining server must not generate a CA");
        })).isEqualTo(BootstrapExchange.Outcome.JOINED);

        for (String f : BootstrapData.REQUIRED) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("tls/server-ca.key"))))
                .isEqualTo("rw-------");
        ClusterPki pa = ensure(a, "node-a");
        ClusterPki pb = ensure(b, "node-b");
        assertThat(pb.serverCa()).isEqualTo(pa.serverCa());
        assertThat(pb.servingCert()).isNotEqualTo(pa.servingCert());
        pb.servingCert().verify(pa.serverCa().getPublicKey());
        assertThat(pb.servingCert().getSubjectAlternativeNames().toString()).contains("node-b").doesNotContain("node-a");
        // The stored value is sealed: no PEM, no key material in the clear.
        byte[] raw = store.get(BootstrapExchange.keyFor("secret")).toCompletionStage().toCompletableFuture().get().kv().value();
        assertThat(new String(raw, StandardCharsets.US_ASCII)).startsWith("k3j-bootstrap-v1:").doesNotContain("BEGIN");
        // A restart with nothing changed is a no-op on both.
        assertThat(new BootstrapExchange(store, a, "secret").sync(() -> { })).isEqualTo(BootstrapExchange.Outcome.UNCHANGED);
        assertThat(new BootstrapExchange(store, b, "secret").sync(() -> { })).isEqualTo(BootstrapExchange.Outcome.UNCHANGED);
    }

    @Test
    void twoFirstServersRacingEndUpWithOneCa() throws Exception {
        Path a = tmp.resolve("a/server");
        Path c = tmp.resolve("c/server");
        // While A generates its CAs, C completes its own first start and stores its data first.
        BootstrapExchange.Outcome outcome = new BootstrapExchange(store, a, "secret").sync(() -> {
            try {
                assertThat(new BootstrapExchange(store, c, "secret").sync(pki(c, "node-c")))
                        .isEqualTo(BootstrapExchange.Outcome.CREATED);
            } catch (BootstrapException e) {
                throw new AssertionError(e);
            }
            pki(a, "node-a").generate();
        });
        assertThat(outcome).isEqualTo(BootstrapExchange.Outcome.JOINED);
        assertThat(Files.readAllBytes(a.resolve("tls/server-ca.key"))).isEqualTo(Files.readAllBytes(c.resolve("tls/server-ca.key")));
        // A's leaves, signed by the CA it threw away, are re-issued from the shared one.
        ensure(a, "node-a").servingCert().verify(ensure(c, "node-c").serverCa().getPublicKey());
        assertThat(new BootstrapExchange(store, a, "secret").sync(() -> { })).isEqualTo(BootstrapExchange.Outcome.UNCHANGED);
    }

    @Test
    void aDifferentTokenIsAClearError() throws Exception {
        Path a = tmp.resolve("a/server");
        new BootstrapExchange(store, a, "secret").sync(pki(a, "node-a"));
        Path b = tmp.resolve("b/server");
        assertThatThrownBy(() -> new BootstrapExchange(store, b, "other").sync(pki(b, "node-b")))
                .isInstanceOf(BootstrapException.class)
                .hasMessageContaining("bootstrap data already found and encrypted with different token");
        assertThat(b.resolve("tls/server-ca.key")).doesNotExist();
    }

    @Test
    void sealedDataDoesNotOpenWithAnotherToken() {
        byte[] sealed = BootstrapCipher.seal("right", "payload".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BootstrapCipher.open("wrong", sealed))
                .isInstanceOf(BootstrapCipher.WrongTokenException.class);
    }

    @Test
    void rotationOnOneServerReachesTheOtherAtItsNextStart() throws Exception {
        Path a = tmp.resolve("a/server");
        Path b = tmp.resolve("b/server");
        new BootstrapExchange(store, a, "secret").sync(pki(a, "node-a"));
        new BootstrapExchange(store, b, "secret").sync(() -> { });
        // An offline rotate-ca on A: new CA files in A's data dir.
        for (String base : List.of("server-ca.crt", "server-ca.key")) {
            Files.delete(a.resolve("tls").resolve(base));
        }
        ensure(a, "node-a");
        assertThat(new BootstrapExchange(store, a, "secret").sync(() -> { })).isEqualTo(BootstrapExchange.Outcome.PUSHED);
        assertThat(new BootstrapExchange(store, b, "secret").sync(() -> { })).isEqualTo(BootstrapExchange.Outcome.JOINED);
        assertThat(Files.readAllBytes(b.resolve("tls/server-ca.crt"))).isEqualTo(Files.readAllBytes(a.resolve("tls/server-ca.crt")));
    }

    @Test
    void aServerWithItsOwnUnrelatedCaIsRefusedRatherThanOverwritten() throws Exception {
        Path a = tmp.resolve("a/server");
        Path b = tmp.resolve("b/server");
        new BootstrapExchange(store, a, "secret").sync(pki(a, "node-a"));
        ensure(b, "node-b"); // B ran standalone before and made its own CAs
        byte[] before = Files.readAllBytes(b.resolve("tls/server-ca.key"));
        assertThatThrownBy(() -> new BootstrapExchange(store, b, "secret").sync(() -> { }))
                .isInstanceOf(BootstrapException.class).hasMessageContaining("never came from it");
        assertThat(Files.readAllBytes(b.resolve("tls/server-ca.key"))).isEqualTo(before);
    }

    private static ClusterPki ensure(Path serverDir, String node) throws Exception {
        return ClusterPki.ensure(new PkiSpec(serverDir.resolve("tls"), "cluster.local",
                InetAddress.getByName("10.43.0.1"), List.of(node), List.of(), node), Clock.systemUTC());
    }
}
