package io.k3j.apiserver.supervisor;

import io.k3j.apiserver.Responses;
import io.k3j.auth.UserInfo;
import io.k3j.pki.Pem;
import io.k3j.pki.csr.CertificateRequest;
import io.k3j.pki.csr.CsrSigner;
import io.k3j.pki.csr.KeyUsages;
import io.k3j.pki.csr.KubeletCsrRules;
import io.k3j.pki.csr.LocalCsr;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * K3s's supervisor endpoints for joining agents, under {@code /v1-k3j/} on the API server's port (K3s: {@code
 * /v1-k3s/} on its supervisor port, which is the same 6443). Only the cluster's join tokens open them (users
 * {@code node} and {@code server}, groups k3s:agent and k3s:server, as HTTP Basic or bearer); anyone else gets 401.
 * <ul>
 *   <li>{@code client-kubelet.crt}, {@code serving-kubelet.crt}: a new key and a certificate for the node named in
 *       {@code K3j-Node-Name}, after its {@code K3j-Node-Password} checked out ({@link NodePasswords});
 *       client: CN system:node:&lt;name&gt;, O system:nodes, client CA; serving: SANs the name, localhost and the
 *       {@code K3j-Node-IP} addresses (comma separated) plus 127.0.0.1, server CA. Body: the certificate chain then the
 *       key, PEM, as K3s answers;</li>
 *   <li>{@code client-kube-proxy.crt}: the shared kube-proxy client certificate and key;</li>
 *   <li>{@code client-ca.crt}, {@code server-ca.crt}: the CAs;</li>
 *   <li>{@code config}: the cluster settings agents need (JSON);</li>
 *   <li>{@code readyz}: 200 "ok" while the server serves.</li>
 * </ul>
 * Mounted after authentication and before authorization: these are the cluster's own credentials, decided here.
 * {@code /cacerts} ({@link #mountCaCerts}) is the exception: it answers anyone, before authentication, because a
 * joining agent fetches it before it trusts the server enough to send its token (it checks the bundle against the
 * hash in the token instead).
 */
public final class SupervisorRoutes {

    public static final String PREFIX = "/v1-k3j/";
    public static final String NODE_NAME = "K3j-Node-Name";
    public static final String NODE_PASSWORD = "K3j-Node-Password";
    public static final String NODE_IP = "K3j-Node-IP";
    private static final Set<String> GROUPS = Set.of("k3s:agent", "k3s:server");
    /** A DNS-1123 subdomain, as Node names are. */
    private static final Pattern NODE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Logger LOG = Logger.getLogger(SupervisorRoutes.class.getName());

    private final Vertx vertx;
    private final SupervisorOptions options;
    private final Function<RoutingContext, UserInfo> userOf;
    private final BooleanSupplier serving;
    private final NodePasswords passwords;
    private final Clock clock;

    public SupervisorRoutes(Vertx vertx, SupervisorOptions options, Supplier<Store> store,
                            Function<RoutingContext, UserInfo> userOf, BooleanSupplier serving, Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.userOf = userOf;
        this.serving = serving;
        this.clock = clock;
        this.passwords = new NodePasswords(vertx, store, clock);
    }

    /**
     * {@code GET /cacerts}: the server CA file exactly as stored, to anyone, as K3s serves it. The bytes must be the
     * file's: the token's CA hash is taken over them.
     */
    public static void mountCaCerts(Router router, SupervisorOptions options) {
        router.get("/cacerts").handler(ctx -> send(ctx, options.serverCa().certPem()));
    }

    public void mount(Router router) {
        router.route(PREFIX + "*").handler(ctx -> {
            // Other /v1-k3j/ paths (secrets-encrypt) are masters-only and go through authorization.
            if (!isOurs(ctx.request().path())) {
                ctx.next();
                return;
            }
            if (!joined(userOf.apply(ctx))) {
                Responses.unauthorized(ctx.response());
                return;
            }
            ctx.next();
        });
        router.get(PREFIX + "client-ca.crt").handler(ctx -> send(ctx, options.clientCa().certPem()));
        router.get(PREFIX + "server-ca.crt").handler(ctx -> send(ctx, options.serverCa().certPem()));
        router.get(PREFIX + "config").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(options.clusterConfig().encode()));
        router.get(PREFIX + "readyz").handler(ctx -> {
            if (serving.getAsBoolean()) {
                ctx.response().putHeader("Content-Type", "text/plain").end("ok");
            } else {
                Responses.sendStatus(ctx.response(), 503, "ServiceUnavailable", "the server is shutting down");
            }
        });
        router.get(PREFIX + "client-kube-proxy.crt").handler(ctx -> vertx.executeBlocking(() ->
                        Files.readString(options.tlsDir().resolve("client-kube-proxy.crt"))
                                + Files.readString(options.tlsDir().resolve("client-kube-proxy.key")), false)
                .onComplete(ar -> reply(ctx, ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause()))));
        router.get(PREFIX + "client-kubelet.crt").handler(ctx -> nodeCert(ctx, false));
        router.get(PREFIX + "serving-kubelet.crt").handler(ctx -> nodeCert(ctx, true));
    }

    static boolean isOurs(String path) {
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        return switch (path.substring(PREFIX.length())) {
            case "client-ca.crt", "server-ca.crt", "config", "readyz", "client-kube-proxy.crt", "client-kubelet.crt",
                 "serving-kubelet.crt" -> true;
            default -> false;
        };
    }

    static boolean joined(UserInfo user) {
        return user != null && user.groups().stream().anyMatch(GROUPS::contains);
    }

    private void nodeCert(RoutingContext ctx, boolean serving) {
        String node = ctx.request().getHeader(NODE_NAME);
        String password = ctx.request().getHeader(NODE_PASSWORD);
        if (node == null || node.isEmpty() || node.length() > 253 || !NODE.matcher(node).matches()) {
            Responses.sendStatus(ctx.response(), 400, "BadRequest", "header " + NODE_NAME + " must name the node (a DNS-1123 subdomain)");
            return;
        }
        if (password == null || password.isEmpty()) {
            Responses.sendStatus(ctx.response(), 400, "BadRequest", "header " + NODE_PASSWORD + " is required");
            return;
        }
        List<InetAddress> ips;
        try {
            ips = serving ? nodeIps(ctx.request().getHeader(NODE_IP)) : List.of();
        } catch (IllegalArgumentException e) {
            Responses.sendStatus(ctx.response(), 400, "BadRequest", e.getMessage());
            return;
        }
        reply(ctx, passwords.verify(node, password).compose(v -> vertx.executeBlocking(() -> issue(node, serving, ips), false)));
    }

    /** Literal addresses only: a name here would be resolved, which is neither wanted nor safe. */
    static List<InetAddress> nodeIps(String header) {
        Set<InetAddress> out = new LinkedHashSet<>();
        if (header != null) {
            for (String s : header.split(",")) {
                String t = s.strip();
                if (t.isEmpty()) {
                    continue;
                }
                if (!t.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                    throw new IllegalArgumentException("header " + NODE_IP + ": not an IP address: " + t);
                }
                try {
                    out.add(InetAddress.getByName(t));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalArgumentException("header " + NODE_IP + ": not an IP address: " + t);
                }
            }
        }
        out.add(InetAddress.getLoopbackAddress());
        return new ArrayList<>(out);
    }

    private String issue(String node, boolean serving, List<InetAddress> ips) {
        KeyPair key = LocalCsr.newKey();
        String cn = KubeletCsrRules.NODE_PREFIX + node;
        CertificateRequest req = serving
                ? LocalCsr.of(key, cn, List.of(KubeletCsrRules.NODES_GROUP), List.of(node, "localhost"), ips)
                : LocalCsr.of(key, cn, List.of(KubeletCsrRules.NODES_GROUP), List.of(), List.of());
        var ca = serving ? options.serverCa() : options.clientCa();
        List<String> usages = List.of(KeyUsages.DIGITAL_SIGNATURE, KeyUsages.KEY_ENCIPHERMENT,
                serving ? KeyUsages.SERVER_AUTH : KeyUsages.CLIENT_AUTH);
        var cert = CsrSigner.sign(req, usages, ca, clock.instant(), options.certValidity());
        return Pem.encode(cert, ca.cert()) + Pem.encodePrivateKey(key);
    }

    private void reply(RoutingContext ctx, Future<String> body) {
        body.onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, ar.result());
            } else if (ar.cause() instanceof NodePasswords.Rejected r) {
                Responses.sendStatus(ctx.response(), 403, "Forbidden", r.getMessage());
            } else {
                LOG.log(Level.WARNING, "supervisor request failed", new Object[]{"path", ctx.request().path(),
                        "error", String.valueOf(ar.cause())});
                Responses.sendStatus(ctx.response(), 500, "InternalError", "an error on the server has prevented the request from succeeding");
            }
        });
    }

    private static void send(RoutingContext ctx, String pem) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(pem);
    }
}
