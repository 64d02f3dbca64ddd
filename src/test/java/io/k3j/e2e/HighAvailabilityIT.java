package io.k3j.e2e;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two k3j servers on one PostgreSQL database, as K3s's HA with an external datastore: the second server joins with
 * the first's token and takes its CAs from the datastore; the controller manager, scheduler and add-on controllers
 * run on exactly one of them; after the leader is killed with SIGKILL the other takes its Leases within the lease
 * duration and carries on without doing anything twice. Hollow nodes run in server B, the survivor.
 * Skipped unless {@code K3J_TEST_POSTGRES} is set (CI sets it, see .ci/postgres.sh); each run gets a database of its
 * own, dropped afterwards.
 */
@Tag("e2e")
class HighAvailabilityIT {

    private static final String TOKEN = "ha-e2e-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    /** client-go's timings that k3j keeps: the lease, plus one retry period for the candidate to notice. */
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofSeconds(2);

    @Test
    void secondServerJoinsAndTakesOverWhenTheLeaderIsKilled() throws Exception {
        String base = System.getenv("K3J_TEST_POSTGRES");
        Assumptions.assumeTrue(base != null && !base.isBlank(), "K3J_TEST_POSTGRES is not set (see .ci/postgres.sh)");
        Path dir = Files.createTempDirectory("k3j-ha");
        List<AutoCloseable> cleanup = new ArrayList<>();
        try (TestDatabase db = TestDatabase.create(base)) {
            int portA = K3jProcess.freePort();
            int portB = K3jProcess.freePort();
            K3jProcess a = server(dir.resolve("a"), portA, "ha-a", db.endpoint());
            cleanup.add(a);
            a.awaitReady(Duration.ofSeconds(120));
            K3jProcess b = server(dir.resolve("b"), portB, "ha-b", db.endpoint(), "--hollow-nodes", "2",
                    "--hollow-node-capacity", "cpu=4,memory=8Gi,pods=110");
            cleanup.add(b);
            b.awaitReady(Duration.ofSeconds(120));
            Kubectl kubectlA = new Kubectl(a.kubeconfig());
            Kubectl kubectlB = new Kubectl(b.kubeconfig());

            // One cluster identity: B took A's CAs and service-account key; A's admin credentials work on B.
            for (String f : List.of("server-ca.crt", "client-ca.crt", "request-header-ca.crt", "service.key")) {
                assertThat(Files.readAllBytes(b.dataDir().resolve("server/tls/" + f))).as(f)
                        .isEqualTo(Files.readAllBytes(a.dataDir().resolve("server/tls/" + f)));
            }
            assertThat(Files.readAllBytes(b.dataDir().resolve("server/tls/serving-kube-apiserver.crt")))
                    .isNotEqualTo(Files.readAllBytes(a.dataDir().resolve("server/tls/serving-kube-apiserver.crt")));
            assertThat(get(kubectlA, "--server=https://127.0.0.1:" + portB, "get", "namespace", "kube-system",
                    "-o", "jsonpath={.metadata.name}")).isEqualTo("kube-system");
            assertThat(get(kubectlB, "--server=https://127.0.0.1:" + portA, "auth", "whoami", "-o",
                    "jsonpath={.status.userInfo.username}")).isEqualTo("system:admin");
            // A service-account token minted by one server is accepted by the other (shared signing key).
            eventually("the default ServiceAccount", Duration.ofSeconds(60),
                    () -> kubectlA.run("-n", "default", "get", "serviceaccount", "default").code() == 0);
            String saToken = get(kubectlA, "-n", "default", "create", "token", "default");
            Kubectl asServiceAccount = new Kubectl(tokenKubeconfig(dir, a.dataDir().resolve("server/tls/server-ca.crt"),
                    portB, saToken));
            assertThat(get(asServiceAccount, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"))
                    .isEqualTo("system:serviceaccount:default:default");

            // The first server leads everything; the second waits.
            for (String lease : List.of("kube-controller-manager", "kube-scheduler", "k3j")) {
                eventually("A to hold " + lease, Duration.ofSeconds(30),
                        () -> holder(kubectlB, lease).startsWith("ha-a_"));
            }
            eventually("two Ready hollow nodes", Duration.ofSeconds(60), () -> get(kubectlA, "get", "nodes", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}")
                    .equals("hollow-0=True hollow-1=True"));
            // Both servers are endpoints of the kubernetes Service (same IP here, one subset per port).
            eventually("both servers in the kubernetes Endpoints", Duration.ofSeconds(30), () -> ports(kubectlB)
                    .equals(List.of(Math.min(portA, portB), Math.max(portA, portB)).toString()));

            // A writes through A, read through B: B's watch cache is fed from the shared log.
            get(kubectlA, "create", "namespace", "ha");
            get(kubectlA, "-n", "ha", "create", "deployment", "web", "--image=nginx:1.25", "--replicas=3");
            get(kubectlB, "-n", "ha", "rollout", "status", "deployment/web", "--timeout=90s");
            String rs = get(kubectlB, "-n", "ha", "get", "rs", "-o", "jsonpath={.items[*].metadata.name}");
            assertThat(rs.split(" ")).hasSize(1);
            List<String> before = List.of(get(kubectlB, "-n", "ha", "get", "pods", "-o",
                    "jsonpath={.items[*].metadata.name}").split(" "));
            assertThat(before).hasSize(3);

            // Kill the leader outright: no lease release, B must wait the lease out.
            String leaderBefore = holder(kubectlB, "kube-controller-manager");
            Instant killed = Instant.now();
            a.process().destroyForcibly();
            assertThat(a.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            for (String lease : List.of("kube-controller-manager", "kube-scheduler", "k3j")) {
                eventually("B to take " + lease, LEASE.plus(RETRY).multipliedBy(3),
                        () -> holder(kubectlB, lease).startsWith("ha-b_"));
            }
            for (String lease : List.of("kube-controller-manager", "kube-scheduler")) {
                Instant acquired = Instant.parse(get(kubectlB, "-n", "kube-system", "get", "lease", lease, "-o",
                        "jsonpath={.spec.acquireTime}"));
                Duration takeover = Duration.between(killed, acquired);
                System.out.println("[ha] " + lease + " taken over " + takeover.toMillis() + " ms after SIGKILL");
                // As client-go: B counts the lease from when it first saw A's last renewal (up to one retry period
                // late) and tries again every retry period, so at worst lease + 2 retries; plus 2 s for a loaded machine.
                assertThat(takeover).as(lease + " take-over").isLessThanOrEqualTo(LEASE.plus(RETRY.multipliedBy(2)).plusSeconds(2));
                assertThat(get(kubectlB, "-n", "kube-system", "get", "lease", lease, "-o",
                        "jsonpath={.spec.leaseTransitions}")).isNotEqualTo("0");
            }
            assertThat(leaderBefore).startsWith("ha-a_");

            // B's controllers carry on from the API's state: exactly the requested pods, no second ReplicaSet.
            get(kubectlB, "-n", "ha", "scale", "deployment", "web", "--replicas=5");
            get(kubectlB, "-n", "ha", "rollout", "status", "deployment/web", "--timeout=90s");
            assertThat(get(kubectlB, "-n", "ha", "get", "rs", "-o", "jsonpath={.items[*].metadata.name}")).isEqualTo(rs);
            List<String> after = List.of(get(kubectlB, "-n", "ha", "get", "pods", "-o",
                    "jsonpath={.items[*].metadata.name}").split(" "));
            assertThat(after).hasSize(5).containsAll(before);
            assertThat(get(kubectlB, "-n", "ha", "get", "pods", "-o", "jsonpath={.items[*].metadata.deletionTimestamp}"))
                    .isEmpty();
            // Every pod ever created was created once, by whichever server led: 3 by A, 2 by B, none deleted.
            assertThat(get(kubectlB, "-n", "ha", "get", "events", "--field-selector", "reason=SuccessfulCreate",
                    "-o", "jsonpath={range .items[*]}{.count} {end}").trim().split(" "))
                    .hasSize(5).containsOnly("1");
            assertThat(get(kubectlB, "-n", "ha", "get", "events", "--field-selector", "reason=SuccessfulDelete",
                    "-o", "name")).isEmpty();
            // The dead server drops out of the kubernetes Endpoints once its lease is gone.
            eventually("A gone from the kubernetes Endpoints", Duration.ofSeconds(45),
                    () -> ports(kubectlB).equals(List.of(portB).toString()));
            assertThat(b.process().isAlive()).isTrue();
        } finally {
            for (AutoCloseable c : cleanup) {
                c.close();
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Both servers allocate Service addresses and node ports from one pool in the shared database: Services created
     * at the same time through A and B in small ranges never get the same address or port, and a Service deleted
     * through one server frees its address for the other at once.
     */
    @Test
    void twoServersAllocateServiceAddressesAndPortsFromOnePool() throws Exception {
        String base = System.getenv("K3J_TEST_POSTGRES");
        Assumptions.assumeTrue(base != null && !base.isBlank(), "K3J_TEST_POSTGRES is not set (see .ci/postgres.sh)");
        Path dir = Files.createTempDirectory("k3j-ha-svc");
        // a /27 (30 addresses) and 40 node ports, no add-ons: the two servers' random picks collide often
        String[] small = {"--service-cidr", "10.43.0.0/27", "--cluster-dns", "10.43.0.10", "--service-node-port-range",
                "30000-30039", "--disable", "coredns,traefik,local-storage,metrics-server,servicelb", "--disable-helm-controller"};
        try (TestDatabase db = TestDatabase.create(base);
             K3jProcess a = server(dir.resolve("a"), K3jProcess.freePort(), "ha-a", db.endpoint(), small);
             K3jProcess b = server(dir.resolve("b"), K3jProcess.freePort(), "ha-b", db.endpoint(), small)) {
            a.awaitReady(Duration.ofSeconds(120));
            b.awaitReady(Duration.ofSeconds(120));
            Kubectl kubectlA = new Kubectl(a.kubeconfig());
            Kubectl kubectlB = new Kubectl(b.kubeconfig());
            get(kubectlA, "create", "namespace", "pool");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<String>> creates = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    int n = i;
                    creates.add(pool.submit(() -> get(kubectlA, "-n", "pool", "create", "service", "nodeport", "a" + n, "--tcp=80")));
                    creates.add(pool.submit(() -> get(kubectlB, "-n", "pool", "create", "service", "nodeport", "b" + n, "--tcp=80")));
                }
                for (java.util.concurrent.Future<String> f : creates) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<String> ips = List.of(get(kubectlB, "-n", "pool", "get", "services", "-o",
                    "jsonpath={.items[*].spec.clusterIP}").split(" "));
            List<String> ports = List.of(get(kubectlA, "-n", "pool", "get", "services", "-o",
                    "jsonpath={.items[*].spec.ports[0].nodePort}").split(" "));
            assertThat(ips).hasSize(24).doesNotHaveDuplicates().allMatch(ip -> ip.startsWith("10.43.0."));
            assertThat(ports).hasSize(24).doesNotHaveDuplicates();
            eventually("the IPAddress objects on both servers", Duration.ofSeconds(30), () -> get(kubectlA, "get",
                    "ipaddresses", "-o", "name").lines().count() == 25 && get(kubectlB, "get", "ipaddresses", "-o", "name")
                    .lines().count() == 25); // with the kubernetes Service's
            String freed = get(kubectlA, "-n", "pool", "get", "service", "a0", "-o", "jsonpath={.spec.clusterIP}");
            get(kubectlA, "-n", "pool", "delete", "service", "a0");
            get(kubectlB, "-n", "pool", "create", "service", "clusterip", "again", "--clusterip=" + freed, "--tcp=80");
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aServerWithAnotherTokenIsRefused() throws Exception {
        String base = System.getenv("K3J_TEST_POSTGRES");
        Assumptions.assumeTrue(base != null && !base.isBlank(), "K3J_TEST_POSTGRES is not set (see .ci/postgres.sh)");
        Path dir = Files.createTempDirectory("k3j-ha-token");
        try (TestDatabase db = TestDatabase.create(base);
             K3jProcess a = server(dir.resolve("a"), K3jProcess.freePort(), "ha-a", db.endpoint())) {
            a.awaitReady(Duration.ofSeconds(120));
            Path dataB = dir.resolve("b");
            try (K3jProcess b = K3jProcess.launch(dataB, K3jProcess.freePort(), command(dataB,
                    K3jProcess.freePort(), "ha-b", db.endpoint(), "--token", "not-the-cluster-token"))) {
                assertThat(b.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(b.log()).contains("bootstrap data already found and encrypted with different token")
                        .doesNotContain("not-the-cluster-token");
                assertThat(dataB.resolve("server/tls/server-ca.key")).doesNotExist();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static K3jProcess server(Path data, int port, String node, String endpoint, String... extra) throws Exception {
        List<String> cmd = command(data, port, node, endpoint, "--token", TOKEN);
        cmd.addAll(List.of(extra));
        return K3jProcess.launch(data, port, cmd);
    }

    private static List<String> command(Path data, int port, String node, String endpoint, String... extra)
            throws Exception {
        Files.createDirectories(data);
        Path config = data.resolveSibling(data.getFileName() + "-config.yaml");
        Files.writeString(config, "");
        List<String> cmd = new ArrayList<>(List.of(K3jProcess.executable().toString(), "server",
                "--config", config.toString(),
                "--data-dir", data.toString(),
                "--https-listen-port", String.valueOf(port),
                "--bind-address", "127.0.0.1",
                "--write-kubeconfig", data.resolve("kubeconfig.yaml").toString(),
                "--node-name", node,
                "--datastore-endpoint", endpoint));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** A kubeconfig that authenticates with a bearer token only (no client certificate). */
    private static Path tokenKubeconfig(Path dir, Path ca, int port, String token) throws Exception {
        Path file = dir.resolve("token.kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:%d", certificate-authority: "%s"}
                users:
                - name: u
                  user: {token: "%s"}
                contexts:
                - name: c
                  context: {cluster: c, user: u}
                current-context: c
                """.formatted(port, ca, token));
        return file;
    }

    private static String holder(Kubectl kubectl, String lease) {
        Kubectl.Result r = kubectl.run("-n", "kube-system", "get", "lease", lease, "-o", "jsonpath={.spec.holderIdentity}");
        return r.code() == 0 ? r.out().trim() : "";
    }

    /** The ports of the kubernetes Endpoints' subsets, in order. */
    private static String ports(Kubectl kubectl) {
        Kubectl.Result r = kubectl.run("-n", "default", "get", "endpoints", "kubernetes", "-o",
                "jsonpath={.subsets[*].ports[0].port}");
        return r.code() != 0 ? "" : Stream.of(r.out().trim().split(" ")).filter(s -> !s.isEmpty()).toList().toString();
    }

    private static String get(Kubectl kubectl, String... args) {
        return kubectl.run(args).assertOk().out().trim();
    }

    private static void eventually(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200); // polling interval, not a wait for the condition
        }
    }

    /**
     * A database of its own for one test, dropped afterwards (even after a failure). Falls back to a fresh table in
     * the given database when the role may not create databases.
     */
    private record TestDatabase(Vertx vertx, PgConnectOptions admin, String name, String endpoint) implements AutoCloseable {

        static TestDatabase create(String base) throws Exception {
            Vertx vertx = Vertx.vertx();
            URI uri = URI.create(base);
            PgConnectOptions admin = PgConnectOptions.fromUri(base);
            String name = "k3j_ha_" + Long.toString(System.nanoTime(), 36);
            try {
                run(vertx, admin, "CREATE DATABASE " + name);
            } catch (Exception e) {
                if (!(rootCause(e) instanceof PgException pg) || !"42501".equals(pg.getSqlState())) {
                    vertx.close();
                    throw e;
                }
                // No CREATEDB privilege: a table of our own in the given database isolates the run just as well.
                String sep = base.contains("?") ? "&" : "?";
                return new TestDatabase(vertx, admin, null, base + sep + "table=" + name);
            }
            String endpoint = new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), uri.getPort(), "/" + name,
                    uri.getQuery(), null).toString();
            return new TestDatabase(vertx, admin, name, endpoint);
        }

        @Override
        public void close() throws Exception {
            try {
                if (name != null) {
                    run(vertx, admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } else {
                    String table = endpoint.substring(endpoint.lastIndexOf("table=") + 6);
                    run(vertx, admin, "DROP TABLE IF EXISTS " + table + ", " + table + "_meta");
                }
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }

        private static void run(Vertx vertx, PgConnectOptions options, String sql) throws Exception {
            Pool pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
            try {
                pool.query(sql).execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } finally {
                pool.close();
            }
        }

        private static Throwable rootCause(Throwable e) {
            while (e.getCause() != null && e.getCause() != e) {
                e = e.getCause();
            }
            return e;
        }
    }
}
