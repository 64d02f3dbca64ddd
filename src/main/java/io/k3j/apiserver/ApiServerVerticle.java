package io.k3j.apiserver;

import io.k3j.Version;
import io.k3j.api.BuiltinResources;
import io.k3j.apiserver.discovery.DiscoveryCache;
import io.k3j.apiserver.crd.CrdCleanup;
import io.k3j.apiserver.defaults.Defaulting;
import io.k3j.apiserver.crd.CrdRegistry;
import io.k3j.apiserver.crd.CrdStatusController;
import io.k3j.apiserver.crd.CrdStoreFeed;
import io.k3j.apiserver.authz.ApiAuthorization;
import io.k3j.apiserver.openapi.OpenApiV3;
import io.k3j.apiserver.openapi.ServedOpenApi;
import io.k3j.apiserver.local.LocalApi;
import io.k3j.apiserver.rest.ApiServerEndpoints;
import io.k3j.apiserver.rest.CachedReads;
import io.k3j.apiserver.rest.Bootstrap;
import io.k3j.apiserver.rest.ResourceCatalog;
import io.k3j.apiserver.rest.ResourceHandler;
import io.k3j.apiserver.rest.WriteHooks;
import io.k3j.apiserver.services.ServiceAllocators;
import io.k3j.apiserver.supervisor.SupervisorRoutes;
import io.k3j.apiserver.watchcache.WatchCache;
import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionPlugins;
import io.k3j.apiserver.admission.CacheAdmissionLookup;
import io.k3j.apiserver.watchcache.WatchCacheMetrics;
import io.k3j.api.ResourceDescriptor;
import java.util.HashMap;
import java.util.Map;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import io.k3j.auth.AuthenticationException;
import io.k3j.apiserver.authn.AuthnEndpoints;
import io.k3j.apiserver.authn.CachedObjectLookup;
import io.k3j.auth.ClientCertTrust;
import io.k3j.pki.PemKeyCert;
import io.k3j.auth.UserInfo;
import io.k3j.auth.audit.AuditHandler;
import io.k3j.auth.audit.AuditRequest;
import io.k3j.auth.encryption.EncryptionRoutes;
import io.k3j.auth.X509Authenticator;
import io.k3j.auth.authn.AuthRequest;
import io.k3j.auth.authn.AuthResult;
import io.k3j.auth.authn.Authentication;
import io.k3j.server.Addresses;
import io.k3j.server.StartupException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.BindException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTPS front door: one TLS listener (HTTP/2 and HTTP/1.1) that authenticates every request,
 * authorizes it, and routes it. The Kubernetes REST API mounts on the same router.
 */
public final class ApiServerVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(ApiServerVerticle.class.getName());
    static final String USER = RequestUser.KEY;
    static final String REQUEST_INFO = "k3j.requestInfo";
    /** kube-apiserver's limit on request bodies: larger ones get 413. */
    static final long MAX_BODY = 3L * 1024 * 1024;

    private final ApiServerOptions options;
    private final java.util.function.Consumer<LocalApi> inProcess;
    /** Set during start, before the server listens. */
    private Authentication authn;
    private AuthnEndpoints authnEndpoints;
    private ApiAuthorization authz;
    /** Events kept per resource for watches that resume from an older resourceVersion. */
    private static final int WATCH_HISTORY = 4096;
    private WatchCache watchCache;
    private CrdStoreFeed crdFeed;
    private ApiServerEndpoints endpoints;
    private ServiceAllocators services;
    private final String versionJson;
    private boolean shuttingDown;
    private HttpServer server;

    public ApiServerVerticle(ApiServerOptions options) {
        this(options, local -> {
        });
    }

    /** @param inProcess receives the in-process API (for the server's own components) before the start completes */
    public ApiServerVerticle(ApiServerOptions options, java.util.function.Consumer<LocalApi> inProcess) {
        this.options = options;
        this.inProcess = inProcess;
        Version v = Version.current();
        this.versionJson = new JsonObject()
                .put("major", v.kubernetesMajor())
                .put("minor", v.kubernetesMinor())
                .put("emulationMajor", v.kubernetesMajor())
                .put("emulationMinor", v.kubernetesMinor())
                .put("minCompatibilityMajor", v.kubernetesMajor())
                .put("minCompatibilityMinor", String.valueOf(Integer.parseInt(v.kubernetesMinor()) - 1))
                .put("gitVersion", v.gitVersion())
                .put("gitCommit", "")
                .put("gitTreeState", "clean")
                .put("buildDate", "")
                .put("goVersion", "")
                .put("compiler", "javac")
                .put("platform", "linux/" + arch())
                .encodePrettily();
    }

    @Override
    public Future<?> start() {
        TlsPolicy tls = TlsPolicy.of(options.tlsMinVersion(), options.cipherSuites());
        HttpServerOptions http = new HttpServerOptions()
                .setHost(options.bindAddress())
                .setPort(options.port())
                .setSsl(true)
                .setUseAlpn(true)
                .setKeyCertOptions(new PemKeyCert(options.servingCertFile(), options.servingKeyFile()))
                .setClientAuth(ClientAuth.REQUEST)
                .setTrustOptions(new ClientCertTrust(options.acceptedClientIssuers()).asTrustOptions())
                .setEnabledSecureTransportProtocols(tls.protocols())
                // No gzip. kube-apiserver gzips bodies over 128 KiB (never watches); Vert.x's HTTP/2 compressor can
                // only be steered per response with a Content-Encoding: identity header, and a stream that gets one
                // breaks the next response on the same connection (gzip header, plain body). Compressing everything
                // instead costs a deflater per open watch. Clients never require compression; loopback and LAN
                // clients are faster without it.
                .setCompressionSupported(false);
        tls.cipherSuites().forEach(http::addEnabledCipherSuite);

        HealthEndpoints health = new HealthEndpoints(vertx, options.healthChecks(), () -> shuttingDown);
        vertx.eventBus().<Object>consumer(Addresses.SHUTDOWN, m -> shuttingDown = true);

        Router router = Router.router(vertx);
        OpenApiV3 openApi = OpenApiV3.build(BuiltinResources.all());
        DiscoveryCache discoveryCache = new DiscoveryCache(BuiltinResources.all(), options.advertisedAddress());
        DiscoveryRoutes discovery = new DiscoveryRoutes(vertx, discoveryCache, ServedOpenApi.of(openApi));
        ResourceCatalog catalog = new ResourceCatalog(BuiltinResources.all());
        watchCache = new WatchCache(vertx, context, options.store(), WATCH_HISTORY);
        authz = new ApiAuthorization(vertx, watchCache);
        AdmissionEnv admissionEnv = new AdmissionEnv(vertx, new CacheAdmissionLookup(watchCache, options.store()),
                options.store(), options.admission().pluginConfigs(), Clock.systemUTC(), authz.authorizer());
        AdmissionChain admission = AdmissionPlugins.chain(admissionEnv, options.admission());
        services = options.services() == null ? null
                : ServiceAllocators.create(vertx, options.store(), watchCache, options.services());
        WriteHooks hooks = services == null ? WriteHooks.NONE : services.hooks();
        ResourceHandler resources = new ResourceHandler(vertx, options.store(), watchCache, catalog, openApi,
                authz.escalationCheck(), authz.computedResources(), admission,
                new Defaulting(),
                hooks);
        Map<String, WatchCacheMetrics.Names> prefixNames = new HashMap<>();
        for (ResourceDescriptor d : BuiltinResources.all()) {
            prefixNames.putIfAbsent("/registry/" + (d.group().isEmpty() ? "core" : d.group()) + "/" + d.resource() + "/",
                    new WatchCacheMetrics.Names(d.resource(), d.group(), d.version(), d.kind()));
        }
        // CRDs: the registry is the one entry point for CRD changes (fed from a store watch here); the
        // controllers keep their status and cleanup, ServedApis the catalog, discovery and OpenAPI.
        CrdRegistry crds = new CrdRegistry();
        new WatchCacheMetrics(options.metrics().registry(), watchCache,
                prefix -> prefixNames.containsKey(prefix) ? prefixNames.get(prefix) : customNames(crds, prefix)).start(vertx);
        CrdStatusController crdStatus = new CrdStatusController(vertx, options.store(), crds, BuiltinResources.all());
        new CrdCleanup(vertx, options.store(), crds);
        ServedApis served = new ServedApis(vertx, BuiltinResources.all(), catalog, discoveryCache, discovery, openApi,
                crdStatus::served);
        crds.listen(served::update);
        crdFeed = new CrdStoreFeed(vertx, options.store(), crds);
        RequestMetrics requestMetrics = new RequestMetrics(options.metrics().registry(), catalog);
        // RequestInfo first, so metrics count every request, refused ones included.
        router.route().handler(ctx -> {
            ctx.put(REQUEST_INFO, RequestInfo.parse(ctx.request().method(), ctx.request().path(),
                    "true".equals(ctx.request().getParam("watch")) || "1".equals(ctx.request().getParam("watch"))));
            ctx.next();
        });
        router.route().handler(requestMetrics::handle);
        if (options.supervisor() != null) {
            // Before authentication: an agent reads the CA before it sends credentials (even with anonymous-auth off).
            SupervisorRoutes.mountCaCerts(router, options.supervisor());
        }
        router.route().handler(this::authenticate);
        if (options.audit() != null) {
            router.route().handler(new AuditHandler(options.audit(), this::auditRequest)::handle);
        }
        // K3s serves <data-dir>/server/static (bundled Helm charts) to every caller, outside its authorizer: it
        // holds nothing secret, and the helm-controller and in-cluster jobs fetch charts from it. Here it still
        // passes authentication (a bad certificate is refused), then skips authorization.
        router.get("/static/*").handler(StaticHandler.create(FileSystemAccess.ROOT, options.staticDir().toString())
                .setDirectoryListing(false).setIncludeHidden(false).setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
        if (options.supervisor() != null) {
            // The agents' endpoints answer to the join tokens, before RBAC (which knows nothing of them).
            new SupervisorRoutes(vertx, options.supervisor(), options.store(), ctx -> ctx.get(USER), () -> !shuttingDown,
                    Clock.systemUTC()).mount(router);
        }
        router.route().handler(authz::impersonate);
        router.route().handler(ctx -> authz.authorize(ctx, ctx.get(REQUEST_INFO)));
        for (String root : List.of("/api", "/apis")) {
            router.get(root).handler(discovery::discovery);
            router.get(root + "/*").handler(ctx -> {
                RequestInfo info = ctx.get(REQUEST_INFO);
                if (info.resourceRequest()) {
                    ctx.next(); // the resource handlers are mounted after this route
                } else {
                    discovery.discovery(ctx);
                }
            });
        }
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        for (String root : List.of("/api/*", "/apis/*")) {
            router.route(root).handler(ctx -> {
                RequestInfo info = ctx.get(REQUEST_INFO);
                if (info.resourceRequest() && !io.k3j.apiserver.rest.WatchStreams.wantsWebSocket(ctx.request())) {
                    body.handle(ctx); // a WebSocket upgrade has no body, and a read request could not be upgraded
                } else {
                    ctx.next();
                }
            });
            router.route(root).handler(ctx -> {
                RequestInfo info = ctx.get(REQUEST_INFO);
                if (info.resourceRequest() && authnEndpoints.handles(info)) {
                    authnEndpoints.handle(ctx, info, ctx.get(USER));
                } else if (info.resourceRequest()) {
                    resources.handle(ctx, info);
                } else {
                    ctx.next();
                }
            });
        }
        router.get("/openapi/v3").handler(discovery::openApiV3);
        router.get("/openapi/v3/*").handler(discovery::openApiV3);
        router.get("/openapi/v2").handler(discovery::openApiV2);
        for (String kind : List.of("healthz", "livez", "readyz")) {
            router.get("/" + kind).handler(ctx -> health.handle(ctx, kind, null));
            router.get("/" + kind + "/:check").handler(ctx -> health.handle(ctx, kind, ctx.pathParam("check")));
        }
        router.get("/version").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(versionJson));
        router.get("/metrics").handler(ctx -> {
            // Scraping walks every meter: keep it off the event loop.
            vertx.executeBlocking(options.metrics()::scrape, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
                } else {
                    Responses.sendStatus(ctx.response(), 503, "ServiceUnavailable", "metrics are unavailable");
                }
            });
        });
        new EncryptionRoutes(options.secretsEncryption(), ctx -> ctx.get(USER)).mount(router, vertx);
        router.route().last().handler(ctx -> Responses.notFound(ctx.response()));
        router.route().failureHandler(this::failure);

        server = vertx.createHttpServer(http).connectionHandler(FlushBatching::install).requestHandler(router);
        return watchCache.start()
                .compose(v -> Authentication.start(vertx, options.authn(), new CachedObjectLookup(watchCache, options.store()),
                        Clock.systemUTC()))
                .compose(a -> {
                    authn = a;
                    authnEndpoints = new AuthnEndpoints(options.store(), a, options.advertisedAddress(), admission);
                    authnEndpoints.mount(router);
                    return Bootstrap.ensure(options.store().get(), catalog, options.bootstrap(), hooks);
                })
                .compose(v -> {
                    if (services != null) {
                        services.start(); // the default ServiceCIDR and the repair pass, in the background
                    }
                    endpoints = new ApiServerEndpoints(vertx, options.store().get(), catalog, options.bootstrap());
                    return endpoints.start();
                })
                // RBAC (bootstrap policy reconciled, index loaded) and CRDs get ready side by side.
                .compose(v -> Future.all(authz.start(options.store().get(), catalog),
                        crdFeed.start().compose(x -> served.ready())))
                .compose(v -> server.listen()).recover(e -> Future.failedFuture(bindError(e)))
                .andThen(ar -> {
                    if (ar.succeeded()) {
                        inProcess.accept(new LocalApi(new CachedReads(catalog, watchCache), authz::refusal));
                    }
                }).onSuccess(s ->
                LOG.log(Level.INFO, "API server listening", new Object[]{"address", options.bindAddress(), "port", s.actualPort()}));
    }

    /** Metric labels of a custom resource's cache prefix: its served storage version, if any. */
    private static WatchCacheMetrics.Names customNames(CrdRegistry crds, String prefix) {
        for (ResourceDescriptor d : crds.current().served()) {
            if (d.custom().storageVersion().equals(d.version())
                    && prefix.equals("/registry/" + d.group() + "/" + d.resource() + "/")) {
                return new WatchCacheMetrics.Names(d.resource(), d.group(), d.version(), d.kind());
            }
        }
        return null;
    }

    private Throwable bindError(Throwable e) {
        String where = options.bindAddress() + ":" + options.port();
        if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
            return new StartupException("cannot listen on " + where + ": the port is already in use");
        }
        return new StartupException("cannot listen on " + where + ": " + e.getMessage(), e);
    }

    /**
     * Runs the authentication chain. Most requests (client certificates, static tokens) are decided at once; a
     * token that needs a lookup pauses the request so its body waits for the BodyHandler, and processing resumes
     * on this verticle's event loop.
     */
    private void authenticate(RoutingContext ctx) {
        Future<AuthResult> result = authn.chain().authenticate(AuthRequest.from(ctx.request()));
        if (result.isComplete()) {
            authenticated(ctx, result.result());
            return;
        }
        ctx.request().pause();
        // Whoever does not read the body (a 401, a 403, a GET) lets the rest of it drain once the answer is out.
        // (A request that ended, e.g. a GET or a body the BodyHandler read, has nothing left to drain: resuming it
        // would throw.)
        ctx.addEndHandler(v -> {
            if (!ctx.request().isEnded()) {
                ctx.request().resume();
            }
        });
        io.vertx.core.Context here = vertx.getOrCreateContext();
        result.onComplete(ar -> here.runOnContext(v -> authenticated(ctx, ar.succeeded() ? ar.result()
                : AuthResult.failure(String.valueOf(ar.cause())))));
    }

    private void authenticated(RoutingContext ctx, AuthResult result) {
        if (result instanceof AuthResult.Success ok) {
            ctx.put(USER, ok.user());
            ctx.next();
            return;
        }
        String reason = result instanceof AuthResult.Failure f ? f.reason() : "no credentials";
        LOG.log(Level.FINE, "authentication failed", new Object[]{"reason", reason, "path", ctx.request().path()});
        Responses.unauthorized(ctx.response());
    }

    private AuditRequest auditRequest(RoutingContext ctx) {
        RequestInfo i = ctx.get(REQUEST_INFO);
        return new AuditRequest(ctx.get(USER), i.verb(), i.resourceRequest(), i.apiGroup(), i.apiVersion(), i.namespace(),
                i.resource(), i.subresource(), i.name(), i.path());
    }

    private void failure(RoutingContext ctx) {
        int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (code >= 500) {
            LOG.log(Level.WARNING, "request failed", new Object[]{"path", ctx.request().path(), "error", String.valueOf(ctx.failure())});
        }
        switch (code) {
            case 404 -> Responses.notFound(ctx.response());
            case 413 -> Responses.sendStatus(ctx.response(), 413, "RequestEntityTooLarge", "request entity too large");
            case 400 -> Responses.sendStatus(ctx.response(), 400, "BadRequest", "bad request");
            default -> Responses.sendStatus(ctx.response(), code, "InternalError", "an error on the server has prevented the request from succeeding");
        }
    }

    @Override
    public Future<?> stop() {
        shuttingDown = true;
        if (services != null) {
            services.stop();
        }
        Future<Void> withdrawn = endpoints == null ? Future.succeededFuture() : endpoints.stop();
        if (crdFeed != null) {
            crdFeed.stop();
        }
        if (authz != null) {
            authz.stop();
        }
        // Ending the watches first lets the server's graceful shutdown finish at once instead of waiting them out.
        Future<Void> watches = withdrawn.eventually(() -> watchCache == null ? Future.succeededFuture() : watchCache.stop());
        if (authn != null) {
            watches = watches.eventually(authn::stop);
        }
        return watches.compose(v -> server == null ? Future.succeededFuture()
                : server.shutdown(2, java.util.concurrent.TimeUnit.SECONDS));
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

}
