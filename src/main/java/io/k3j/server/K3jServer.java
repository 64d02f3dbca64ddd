package io.k3j.server;

import io.k3j.admission.AdmissionSettings;
import io.k3j.apiserver.ApiServerOptions;
import io.k3j.apiserver.ApiServerVerticle;
import io.k3j.apiserver.rest.Bootstrap;
import io.k3j.addons.AddonsVerticle;
import io.k3j.addons.deploy.DeploySettings;
import io.k3j.addons.deploy.PackagedManifests;
import io.k3j.addons.helm.HelmSettings;
import io.k3j.agent.hollow.HollowNodesVerticle;
import io.k3j.auth.authn.AuthnFlags;
import io.k3j.auth.authn.AuthnSettings;
import io.k3j.auth.authn.ServiceAccountKeys;
import io.k3j.apiserver.local.LocalApi;
import io.k3j.auth.AuthenticationException;
import io.k3j.auth.UserInfo;
import io.k3j.auth.X509Authenticator;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeClientConfig;
import io.k3j.client.KubeClientFactory;
import io.k3j.pki.Pem;
import io.k3j.auth.audit.Audit;
import io.k3j.auth.audit.AuditSettings;
import io.k3j.auth.encryption.EncryptionConfigFile;
import io.k3j.auth.encryption.ProviderType;
import io.k3j.auth.encryption.SecretsEncryption;
import io.k3j.config.ServerConfig;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.ControllerManagerVerticle;
import io.k3j.controller.Controllers;
import io.k3j.pki.ClientCredential;
import io.k3j.pki.Component;
import io.k3j.metrics.Metrics;
import io.k3j.pki.ClusterPki;
import io.k3j.bootstrap.BootstrapException;
import io.k3j.bootstrap.BootstrapExchange;
import io.k3j.pki.TokenFiles;
import io.k3j.store.Endpoint;
import io.k3j.store.Store;
import io.k3j.store.StoreOptions;
import io.k3j.store.StoreVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Boots a k3j server: checks what can be checked before writing anything, brings up the PKI and
 * credentials, then deploys the components on one Vert.x instance and waits for a signal.
 */
public final class K3jServer {

    private static final Logger LOG = Logger.getLogger(K3jServer.class.getName());
    private static final long SHUTDOWN_BUDGET_MS = 4_000;

    private final ServerConfig config;

    public K3jServer(ServerConfig config) {
        this.config = config;
    }

    /** A started server: what {@link #stop()} needs. */
    public record Running(Vertx vertx, ComponentDeployer deployer) {
        /** Orderly shutdown: components in reverse order, then Vert.x. */
        public void stop() {
            shutdown(vertx, deployer);
        }
    }

    /** Runs until SIGTERM/SIGINT; returns the exit code. Start-up problems throw StartupException. */
    public int run() throws InterruptedException {
        return UntilSignal.run(this::start, Running::stop, SHUTDOWN_BUDGET_MS, "k3j-shutdown");
    }

    /** Boots every component and returns once the server is ready. */
    public Running start() {
        AuthnFlags authnFlags = authnFlags();
        AdmissionSettings admission = admissionSettings();
        checkDataDir();
        checkPortFree();
        boolean shared = datastoreEndpoint().shared();
        // On a shared datastore the certificates wait for the datastore (it may hold the cluster's CAs); otherwise
        // they are prepared (file and crypto work) while Vert.x and the metrics start.
        CompletableFuture<Prepared> preparedLocally = shared ? null
                : onStartupThread(() -> new Prepared(Credentials.ensure(config, Clock.systemUTC()), secretsEncryption()));
        Metrics metrics = new Metrics();
        Vertx vertx = Vertx.builder()
                .with(metrics.apply(new VertxOptions()))
                .withMetrics(metrics.vertxFactory())
                .build();
        ComponentDeployer deployer = new ComponentDeployer(vertx);
        StoreVerticle store = new StoreVerticle(StoreOptions.defaults(config.dataDir())
                .withEndpoint(config.datastoreEndpoint().orElse(null))
                .withSnapshots(config.snapshotCron(), config.snapshotRetention()), metrics.registry());
        List<ComponentSpec> rest;
        try {
            Prepared prepared;
            if (shared) {
                await(deployer.start(List.of(new ComponentSpec("datastore", () -> store))), deployer);
                prepared = join(onStartupThread(() -> joinCluster(store.store())));
                rest = components(prepared, store, metrics, authnFlags, admission);
            } else {
                prepared = join(preparedLocally);
                rest = new ArrayList<>(List.of(new ComponentSpec("datastore", () -> store)));
                rest.addAll(components(prepared, store, metrics, authnFlags, admission));
            }
            await(deployer.start(rest), deployer);
        } catch (StartupException e) {
            closeQuietly(vertx);
            throw e;
        }
        LOG.log(Level.INFO, "k3j is ready", new Object[]{"ms", ManagementFactory.getRuntimeMXBean().getUptime(),
                "kubeconfig", config.kubeconfigPath()});
        return new Running(vertx, deployer);
    }

    /** What the components need from the data dir: certificates and tokens, and the secrets-encryption keys. */
    private record Prepared(Credentials creds, SecretsEncryption encryption) {
    }

    /**
     * On a shared datastore: the cluster's CAs and keys come from the datastore when another server stored them,
     * else this server generates them and stores them for the next. Runs on the start-up thread (blocking reads).
     */
    private Prepared joinCluster(Store store) {
        Clock clock = Clock.systemUTC();
        try {
            String password = TokenFiles.serverPassword(config.serverDir(), config.token());
            // A first server without --token settles on a password here; its token files must carry the same one.
            Optional<String> token = config.token().filter(t -> !t.isBlank()).or(() -> Optional.of(password));
            new BootstrapExchange(store, config.serverDir(), password).sync(() -> {
                Credentials.ensure(config, clock, token);
                secretsEncryption(); // creates the key file on a first start, so it is shared too
            });
            return new Prepared(Credentials.ensure(config, clock, token), secretsEncryption());
        } catch (BootstrapException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("cannot exchange the cluster's bootstrap data with the datastore: "
                    + (e instanceof IOException io ? reason(io) : e.getMessage()), e);
        }
    }

    private Endpoint datastoreEndpoint() {
        try {
            return Endpoint.parse(config.datastoreEndpoint().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static <T> CompletableFuture<T> onStartupThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, runnable -> {
            Thread t = new Thread(runnable, "k3j-credentials");
            t.setDaemon(true);
            t.start();
        });
    }

    private static <T> T join(CompletableFuture<T> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof StartupException se ? se
                    : new StartupException("cannot prepare certificates: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits for start-up however long it takes, as K3s does (its unit has no start timeout): a big datastore on a
     * busy box can take minutes to load, and giving up would only restart the same work. Every
     * {@value #PROGRESS_SECONDS} s it logs which component it is waiting for.
     */
    private static void await(Future<Void> started, ComponentDeployer deployer) {
        var pending = started.toCompletionStage().toCompletableFuture();
        long t0 = System.nanoTime();
        while (true) {
            try {
                pending.get(PROGRESS_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                LOG.log(Level.INFO, "still starting", new Object[]{"waiting", deployer.starting(),
                        "seconds", (System.nanoTime() - t0) / 1_000_000_000L});
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof StartupException se ? se
                        : new StartupException("start-up failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("start-up interrupted");
            }
        }
    }

    private static final long PROGRESS_SECONDS = 15;

    /** The authentication flags, checked before anything is written: a bad value is a one-line start-up error. */
    private AuthnFlags authnFlags() {
        try {
            return AuthnFlags.from(config.apiServerArgs(), config.clusterDomain());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** The admission flags and configuration file, read before anything starts: a bad value is a one-line error. */
    private AdmissionSettings admissionSettings() {
        try {
            return AdmissionSettings.from(key -> config.apiServerArgs().get(key, null));
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /** Every component after the datastore, in start order. */
    private List<ComponentSpec> components(Prepared prepared, StoreVerticle store, Metrics metrics, AuthnFlags authnFlags,
                                           AdmissionSettings admission) {
        Credentials creds = prepared.creds();
        ClusterPki pki = creds.pki();
        boolean anonymous = !"false".equals(config.apiServerArgs().get("anonymous-auth", "true"));
        AuthnSettings authn = new AuthnSettings(authnFlags, ServiceAccountKeys.of(pki.serviceAccountKey()),
                creds.tokens(), pki.clientCa(), pki.requestHeaderCa(), anonymous);
        List<ComponentSpec> list = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        checks.add("datastore");
        Audit audit = audit(metrics);
        if (audit != null) {
            list.add(new ComponentSpec("audit", audit::verticle));
        }
        SecretsEncryption encryption = prepared.encryption();
        Supplier<Store> apiStore = encryption == null ? store::store : () -> encryption.wrap(store.store());
        ApiServerOptions api = new ApiServerOptions(
                config.bindAddress(),
                config.httpsPort(),
                advertised(),
                pki.servingCertFile(),
                pki.servingKeyFile(),
                pki.clientCa(),
                List.of(pki.clientCa(), pki.requestHeaderCa()),
                anonymous,
                config.apiServerArgs().get("tls-min-version", null),
                splitList(config.apiServerArgs().get("tls-cipher-suites", "")),
                checks,
                metrics,
                apiStore,
                new Bootstrap.Settings(config.apiServiceIp().getHostAddress(), advertisedIp(), config.httpsPort()),
                encryption,
                audit,
                config.serverDir().resolve("static"),
                authn,
                admission,
                supervisor(pki),
                new io.k3j.apiserver.services.ServiceNetwork(config.serviceCidr(), config.serviceNodePortRange()));
        // The components below read in-process from the API server's watch cache (io.k3j.apiserver.local), as the
        // identities their client certificates carry, and write over loopback HTTPS with those certificates.
        Promise<LocalApi> local = Promise.promise();
        list.add(new ComponentSpec("apiserver", () -> new ApiServerVerticle(api, local::tryComplete)));
        String loopback = "https://127.0.0.1:" + config.httpsPort();
        // The leader-election identity, as upstream's <hostname>_<uuid> with the node name (the hostname unless
        // --node-name says otherwise): unique per process even for two servers on one host, and it names the server.
        String identity = config.nodeName() + "_" + java.util.UUID.randomUUID();
        ClientCredential cm = pki.component(Component.CONTROLLER);
        KubeClientFactory cmClient = inProcess(local.future(), cm, KubeClientConfig.clientCert(loopback,
                pki.serverCaFile(), cm.certFile(), cm.keyFile(), "k3j-controller-manager"));
        list.add(new ComponentSpec("controller-manager", () -> new ControllerManagerVerticle(cmClient,
                () -> Controllers.enabled(config), controllerSettings(pki), identity)));
        ClientCredential sc = pki.component(Component.SCHEDULER);
        KubeClientFactory schedClient = inProcess(local.future(), sc, KubeClientConfig.clientCert(loopback,
                pki.serverCaFile(), sc.certFile(), sc.keyFile(), "k3j-scheduler"));
        list.add(new ComponentSpec("scheduler", () -> new io.k3j.scheduler.SchedulerVerticle(schedClient, identity)));
        if (config.hollowNodes().count() > 0) {
            // Each simulated node is its own node identity (system:node:hollow-i), so the Node authorizer and
            // NodeRestriction confine it as they do a real kubelet.
            Map<String, KubeClientFactory> nodeClients = new LinkedHashMap<>();
            creds.hollowNodes().forEach((node, cred) -> nodeClients.put(node, inProcess(local.future(), cred,
                    KubeClientConfig.clientCert(loopback, pki.serverCaFile(), cred.certFile(), cred.keyFile(),
                            "k3j-hollow-kubelet"))));
            list.add(new ComponentSpec("hollow-nodes", () -> new HollowNodesVerticle(nodeClients, config.hollowNodes())));
        }
        list.add(new ComponentSpec("addons", () -> addons(pki, loopback, identity, local.future())));
        return list;
    }

    /**
     * A component's client: reads in-process as the user {@code cred}'s certificate names (the API server is up
     * by the time a later component is deployed), writes over HTTPS as {@code https} says.
     */
    private static KubeClientFactory inProcess(Future<LocalApi> local, ClientCredential cred, KubeClientConfig https) {
        UserInfo user;
        try {
            user = X509Authenticator.userOf(Pem.readCertificates(cred.certFile()).getFirst());
        } catch (IOException | AuthenticationException e) {
            throw new StartupException("cannot read the client certificate " + cred.certFile() + ": " + reason(e), e);
        }
        return vertx -> local.result().client(vertx, user, new HttpKubeClient(vertx, https));
    }

    /** The deploy controller and (unless --disable-helm-controller) the Helm controller. */
    private AddonsVerticle addons(ClusterPki pki, String loopback, String identity, Future<LocalApi> local) {
        ClientCredential admin = pki.admin();
        KubeClientFactory client = inProcess(local, admin, KubeClientConfig.clientCert(loopback, pki.serverCaFile(),
                admin.certFile(), admin.keyFile(), "k3j-addons"));
        DeploySettings deploy = new DeploySettings(config.manifestsDir(), PackagedManifests.RESOURCE_ROOT,
                PackagedManifests.templateVars(config.clusterDns().stream().map(io.k3j.config.Cidr::format).toList(),
                        config.clusterDomain(),
                        config.dataDir().resolve("storage"), ""),
                config.disabled(), java.time.Duration.ofSeconds(15), config.nodeName());
        HelmSettings helm = config.isDisabled("helm-controller") ? null
                : new HelmSettings(config.credDir().resolve("admin.kubeconfig"), config.serverDir().resolve("helm"),
                        "127.0.0.1:" + config.httpsPort(), pki.serverCaFile(), 2, config.nodeName());
        return new AddonsVerticle(client, deploy, helm, identity);
    }

    /** The agent endpoints' settings: K3s hands agents these values so they match the server's. */
    private io.k3j.apiserver.supervisor.SupervisorOptions supervisor(ClusterPki pki) {
        io.vertx.core.json.JsonObject cluster = new io.vertx.core.json.JsonObject()
                .put("clusterCIDR", config.clusterCidr().toString())
                .put("serviceCIDR", config.serviceCidr().toString())
                .put("clusterDNS", String.join(",", config.clusterDns().stream().map(io.k3j.config.Cidr::format).toList()))
                .put("clusterDomain", config.clusterDomain())
                .put("serverAddress", advertised())
                .put("supervisorPort", config.httpsPort());
        return new io.k3j.apiserver.supervisor.SupervisorOptions(config.tlsDir(), pki.serverCaAuthority(),
                pki.clientCaAuthority(), cluster, java.time.Duration.ofDays(365));
    }

    private ControllerContext.Settings controllerSettings(ClusterPki pki) {
        try {
            return new ControllerContext.Settings(config.podNetworks(),
                    java.nio.file.Files.readString(pki.serverCaFile()));
        } catch (IOException e) {
            throw new StartupException("cannot read the server CA: " + reason(e), e);
        }
    }

    /** Auditing when --kube-apiserver-arg audit-log-path is set, else null. */
    private Audit audit(Metrics metrics) {
        try {
            AuditSettings settings = AuditSettings.from(config.apiServerArgs().values());
            return settings == null ? null : Audit.create(settings, metrics.registry(), Clock.systemUTC());
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("audit: " + e.getMessage(), e);
        }
    }

    /** Secrets encryption when --secrets-encryption is on (the key file is created on first start), else null. */
    private SecretsEncryption secretsEncryption() {
        if (!config.secretsEncryption()) {
            if (EncryptionConfigFile.in(config.credDir()).exists()) {
                LOG.warning("server/cred/encryption-config.json exists but --secrets-encryption is off: "
                        + "Secrets stored encrypted cannot be read");
            }
            return null;
        }
        try {
            return SecretsEncryption.open(config.credDir(), ProviderType.forFlag(config.secretsEncryptionProvider()),
                    Clock.systemUTC());
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("secrets encryption: " + e.getMessage(), e);
        }
    }

    /** The address other members and in-cluster clients use: --advertise-address, else the node IP. */
    private String advertisedIp() {
        InetAddress ip = config.advertiseAddress().or(() -> Credentials.nodeIp(config)).orElse(null);
        return ip == null ? "127.0.0.1" : ip.getHostAddress();
    }

    private String advertised() {
        String host = advertisedIp();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + config.httpsPort();
    }

    private static List<String> splitList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static void shutdown(Vertx vertx, ComponentDeployer deployer) {
        long t0 = System.nanoTime();
        LOG.info("shutting down");
        vertx.eventBus().publish(Addresses.SHUTDOWN, null);
        try {
            deployer.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture()
                    .get(SHUTDOWN_BUDGET_MS, TimeUnit.MILLISECONDS);
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

    /** A data dir we cannot write would fail later, half-way through writing certificates. */
    private void checkDataDir() {
        Path server = config.serverDir();
        try {
            Files.createDirectories(server);
            Path probe = Files.createTempFile(server, ".probe", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StartupException("data dir " + config.dataDir() + " is not writable: " + reason(e));
        }
    }

    /** Fail before any file is written when the port is taken (the real bind reports races). */
    private void checkPortFree() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.httpsPort()));
        } catch (IOException e) {
            throw new StartupException("cannot listen on " + config.bindAddress() + ":" + config.httpsPort()
                    + ": " + (String.valueOf(e.getMessage()).contains("in use") ? "the port is already in use" : reason(e)));
        }
    }

    static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + m + ")";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
