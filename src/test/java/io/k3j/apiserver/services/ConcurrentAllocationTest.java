package io.k3j.apiserver.services;

import io.k3j.config.Cidr;
import io.k3j.config.PortRange;
import io.k3j.store.EventBatchCodec;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.memory.MemoryStoreFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two allocators over one store, as two servers on one datastore (or one server before and after a restart): each
 * believes nothing is taken and both draw the same random sequence, so they collide on every first try. The
 * create in the store settles each collision: every address and port is handed out once, until the range is full.
 */
class ConcurrentAllocationTest {

    @TempDir
    Path dir;
    Vertx vertx;
    Store store;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        EventBatchCodec.register(vertx);
        store = await(new MemoryStoreFactory().open(vertx, StoreOptions.defaults(dir).withEndpoint("memory://"),
                new SimpleMeterRegistry()));
    }

    @AfterEach
    void tearDown() {
        store.close();
        await(vertx.close());
    }

    @Test
    void twoServersNeverHandOutOneAddressTwice() {
        IpRange range = new IpRange(Cidr.parse("10.43.0.0/27"));
        AllocatedKeys stale = () -> Future.succeededFuture(new HashSet<>());
        ClusterIpAllocator a = new ClusterIpAllocator(() -> store, range, stale, new Random(1), Clock.systemUTC());
        ClusterIpAllocator b = new ClusterIpAllocator(() -> store, range, stale, new Random(1), Clock.systemUTC());
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            all.add(a.allocateNext(new ServiceRef("default", "a" + i)));
            all.add(b.allocateNext(new ServiceRef("default", "b" + i)));
        }
        await(Future.all(all));
        Set<String> ips = new HashSet<>();
        all.forEach(f -> ips.add(f.result()));
        assertThat(ips).hasSize(30);
        Throwable full = await(a.allocateNext(new ServiceRef("default", "x")).transform(ar -> Future.succeededFuture(ar.cause())));
        assertThat(full).isInstanceOf(AllocationError.class).hasMessage("range is full");
        assertThat(await(store.count(IpAddressObjects.PREFIX))).isEqualTo(30);
    }

    @Test
    void twoServersNeverHandOutOnePortTwice() {
        PortRange range = PortRange.parse("30000-30039");
        NodePortAllocator a = new NodePortAllocator(() -> store, range, new Random(1), Clock.systemUTC());
        NodePortAllocator b = new NodePortAllocator(() -> store, range, new Random(1), Clock.systemUTC());
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(a.allocateNext(new ServiceRef("default", "a" + i)));
            all.add(b.allocateNext(new ServiceRef("default", "b" + i)));
        }
        await(Future.all(all));
        Set<Integer> ports = new HashSet<>();
        all.forEach(f -> ports.add(f.result()));
        assertThat(ports).hasSize(40);
        assertThat(ports).allMatch(range::contains);
        // a port is released only by its owner
        await(b.release(new ServiceRef("default", "somebody-else"), all.get(0).result()));
        assertThat(await(a.taken(all.get(0).result()))).isTrue();
        await(b.release(new ServiceRef("default", "a0"), all.get(0).result()));
        assertThat(await(a.taken(all.get(0).result()))).isFalse();
    }
}
