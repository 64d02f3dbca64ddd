package io.k3j.agent;

import io.k3j.agent.hollow.HollowAgentVerticle;
import io.k3j.agent.join.AgentFiles;
import io.k3j.agent.join.AgentJoin;
import io.k3j.config.AgentConfig;
import io.k3j.server.StartupException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs {@code k3j agent}: joins the server ({@link AgentJoin}: pinned CA, token, node certificate), then runs the
 * node — today the hollow kubelet only — until SIGTERM/SIGINT, when it stops in order. The Node object stays, as
 * when a kubelet stops: the node lifecycle controller marks it NotReady after its grace period.
 */
public final class K3jAgent {

    private static final Logger LOG = Logger.getLogger(K3jAgent.class.getName());
    private static final long SHUTDOWN_BUDGET_MS = 4_000;
    private static final long REGISTER_TIMEOUT_S = 60;

    private final AgentConfig config;

    public K3jAgent(AgentConfig config) {
        this.config = config;
    }

    /** Runs until a signal; returns the exit code. Start-up problems throw StartupException (one line, exit 1). */
    public int run() throws InterruptedException {
        return io.k3j.server.UntilSignal.run(this::start, K3jAgent::stop, SHUTDOWN_BUDGET_MS, "k3j-agent-shutdown");
    }

    /** Joins and starts the node; returns once its Node is registered. */
    public Vertx start() {
        if (!config.hollow()) {
            throw new StartupException("the containerd kubelet is not built yet: only hollow nodes can join (--hollow)");
        }
        AgentJoin.Joined joined = AgentJoin.join(config.server(), config.token(), config.nodeName(),
                new AgentFiles(config.agentDir()), Clock.systemUTC());
        String ip = config.nodeIp().map(InetAddress::getHostAddress).orElseGet(() -> addressTowards(config.server()));
        // Two event loops: one node's heartbeats, pod reports and watches are light work.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        HollowAgentVerticle node = new HollowAgentVerticle(joined.kubeletClient("k3j-hollow-kubelet"), config.nodeName(),
                ip, config.capacity(), config.labels(), config.taints());
        try {
            vertx.deployVerticle(node).toCompletionStage().toCompletableFuture().get(REGISTER_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(vertx);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new StartupException("cannot register node \"" + config.nodeName() + "\": "
                    + (cause instanceof TimeoutException ? "no answer within " + REGISTER_TIMEOUT_S + " s" : cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(vertx);
            throw new StartupException("start-up interrupted");
        }
        LOG.log(Level.INFO, "k3j agent is running", new Object[]{"node", config.nodeName(), "mode", "hollow",
                "ip", ip, "ms", ManagementFactory.getRuntimeMXBean().getUptime()});
        return vertx;
    }

    /**
     * The local address this machine uses to reach the server (a connected UDP socket sends nothing), as the
     * kubelet picks its node IP from the route; loopback when that fails.
     */
    static String addressTowards(URI server) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(server.getHost(), server.getPort() > 0 ? server.getPort() : 443));
            InetAddress local = s.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.FINE, "no route to the server for the node IP", new Object[]{"error", String.valueOf(e)});
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    private static void stop(Vertx vertx) {
        long t0 = System.nanoTime();
        LOG.info("shutting down");
        try {
            // Undeploys the node verticle (heartbeats and watches stop, clients close), then Vert.x.
            vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_BUDGET_MS, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "stopped", new Object[]{"ms", (System.nanoTime() - t0) / 1_000_000});
        } catch (Exception e) {
            LOG.log(Level.WARNING, "shutdown did not finish in time", new Object[]{"error", String.valueOf(e)});
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_BUDGET_MS, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // already failing start-up; the original error is what the user needs
        }
    }
}
