package io.k3j.bench;

import io.k3j.apiserver.authz.ApiAuthorization;
import io.k3j.auth.UserInfo;
import io.k3j.auth.X509Authenticator;
import io.k3j.auth.authn.AuthRequest;
import io.k3j.auth.authn.AuthResult;
import io.k3j.auth.authn.AuthenticationChain;
import io.k3j.auth.authn.CachedTokenAuthenticator;
import io.k3j.auth.authn.StaticTokenFile;
import io.k3j.auth.authn.TokenAuthenticator;
import io.k3j.auth.authn.BearerTokenAuthenticator;
import io.k3j.auth.authn.X509RequestAuthenticator;
import io.k3j.auth.authz.AuthorizerUnion;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import io.k3j.auth.rbac.ForbiddenMessage;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.pki.ClientCredential;
import io.k3j.pki.ClusterPki;
import io.k3j.pki.Pem;
import io.k3j.pki.PkiSpec;
import io.k3j.pki.TestClientCerts;
import io.vertx.core.MultiMap;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The API server's per-request security cost (issue 5), in process and without the network: authentication (the
 * server's chain: client certificate, or a bearer token from a static token file) + the impersonation check +
 * authorization through the server's authorizer chain (privileged groups, RBAC, bootstrap fallback) + the 403
 * text on a denial, with upstream's bootstrap policy and 1,000 bindings loaded (as {@link RbacBench}). One thread,
 * a mix of allowed and denied requests from 64 users. Then the admission chain as the server builds it (every
 * default plugin) on a pod create in a namespace that enforces PodSecurity restricted, with a LimitRange, its
 * ServiceAccount and no quota or webhook, read from an in-memory lookup as the watch cache serves them.
 * Argument: measured requests (default 200,000).
 */
public final class AuthPathBench {

    private static final int USERS = 64;

    private AuthPathBench() {
    }

    /** One prepared request: its credentials and what it asks. */
    record Request(AuthRequest credentials, Attributes attributes) {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Random random = new Random(42);
        Path dir = Files.createTempDirectory("k3j-authbench");
        try {
            RbacIndex index = new RbacIndex();
            index.replaceAll(RbacBench.objects(random));
            AuthorizerUnion authz = ApiAuthorization.chain(index, new io.k3j.auth.node.NodeGraph());
            ClusterPki pki = ClusterPki.ensure(new PkiSpec(dir.resolve("tls"), "cluster.local",
                    InetAddress.getByName("10.43.0.1"), List.of(), List.of(), "bench"), Clock.systemUTC());

            List<List<Certificate>> certs = new ArrayList<>();
            StringBuilder tokens = new StringBuilder();
            for (int u = 0; u < USERS; u++) {
                ClientCredential c = TestClientCerts.issue(dir.resolve("tls"), dir.resolve("users"), "user-" + u,
                        "team-" + (u % 20));
                certs.add(List.copyOf(Pem.parseCertificates(c.certPem())));
                tokens.append("token-").append(u).append(",user-").append(u).append(",uid-").append(u)
                        .append(",\"team-").append(u % 20).append("\"\n");
            }
            Path tokenFile = Files.writeString(dir.resolve("tokens.csv"), tokens);
            List<String> auds = List.of("https://kubernetes.default.svc.cluster.local");
            TokenAuthenticator staticTokens = new CachedTokenAuthenticator(StaticTokenFile.read(tokenFile));
            AuthenticationChain chain = new AuthenticationChain(List.of(
                    new X509RequestAuthenticator(new X509Authenticator(pki.clientCa(), Clock.systemUTC()), auds),
                    new BearerTokenAuthenticator(staticTokens, null, auds)), true);

            for (String kind : List.of("client certificate", "bearer token")) {
                Request[] requests = requests(random, certs, kind.equals("bearer token"), 4096);
                run(chain, authz, requests, 50_000, null, null); // warm-up: JIT
                long[] total = new long[measured];
                long[] authzOnly = new long[measured];
                int allowed = run(chain, authz, requests, measured, total, authzOnly);
                Arrays.sort(total);
                Arrays.sort(authzOnly);
                System.out.printf("%s: authn+authz p50 %.1f us, p99 %.1f us; of which authz p50 %.2f us, p99 %.2f us "
                                + "(%,d requests, %.0f%% allowed)%n", kind, RbacBench.pct(total, 50), RbacBench.pct(total, 99),
                        RbacBench.pct(authzOnly, 50), RbacBench.pct(authzOnly, 99), measured, 100.0 * allowed / measured);
            }
            admission(authz, measured, random);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Both admission phases of a pod create, every default plugin, objects from an in-memory lookup. */
    private static void admission(AuthorizerUnion authz, int measured, Random random) {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.k3j.admission.FakeLookup lookup = new io.k3j.admission.FakeLookup();
            for (int n = 0; n < RbacBench.NAMESPACES; n++) {
                String ns = "ns-" + n;
                lookup.put("", "namespaces", "", "{\"metadata\":{\"name\":\"" + ns + "\",\"labels\":{"
                        + "\"pod-security.kubernetes.io/enforce\":\"restricted\"}},\"status\":{\"phase\":\"Active\"}}");
                lookup.put("", "serviceaccounts", ns, "{\"metadata\":{\"name\":\"default\",\"namespace\":\"" + ns + "\"}}");
                lookup.put("", "limitranges", ns, "{\"metadata\":{\"name\":\"defaults\",\"namespace\":\"" + ns + "\"},"
                        + "\"spec\":{\"limits\":[{\"type\":\"Container\",\"default\":{\"cpu\":\"500m\"},"
                        + "\"defaultRequest\":{\"cpu\":\"100m\"},\"max\":{\"cpu\":\"2\"}}]}}");
            }
            io.k3j.admission.AdmissionEnv env = new io.k3j.admission.AdmissionEnv(vertx, lookup, () -> null, java.util.Map.of(),
                    Clock.systemUTC(), authz);
            io.k3j.admission.AdmissionChain chain = io.k3j.admission.AdmissionPlugins.chain(env,
                    io.k3j.admission.AdmissionSettings.DEFAULTS);
            com.fasterxml.jackson.databind.node.ObjectNode pod = io.k3j.apiserver.rest.Json.parseObject(("{\"apiVersion\":\"v1\","
                    + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}},\"spec\":{"
                    + "\"securityContext\":{\"runAsNonRoot\":true,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},"
                    + "\"containers\":[{\"name\":\"app\",\"image\":\"nginx:1.27\",\"securityContext\":{"
                    + "\"allowPrivilegeEscalation\":false,\"capabilities\":{\"drop\":[\"ALL\"]}}}]}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            UserInfo user = new UserInfo("user-1", List.of("team-1", UserInfo.AUTHENTICATED));
            long[] took = new long[measured];
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                for (int i = 0; i < measured; i++) {
                    String ns = "ns-" + random.nextInt(RbacBench.NAMESPACES);
                    com.fasterxml.jackson.databind.node.ObjectNode obj = pod.deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) obj.get("metadata")).put("namespace", ns);
                    io.k3j.admission.AdmissionRequest a = new io.k3j.admission.AdmissionRequest(
                            io.k3j.admission.Operation.CREATE, "", "v1", "pods", "", "Pod", ns, "web", obj, null, null, user,
                            false);
                    long start = System.nanoTime();
                    io.vertx.core.Future<Void> f = chain.admit(a).compose(v -> chain.validate(a));
                    long end = System.nanoTime();
                    if (!f.succeeded()) {
                        throw new IllegalStateException("admission did not admit at once: " + f.cause());
                    }
                    took[i] = end - start;
                }
            }
            Arrays.sort(took);
            System.out.printf("admission (%d plugins) of a pod create: p50 %.1f us, p99 %.1f us%n",
                    chain.plugins().size(), RbacBench.pct(took, 50), RbacBench.pct(took, 99));
        } finally {
            vertx.close();
        }
    }

    private static int run(AuthenticationChain chain, AuthorizerUnion authz, Request[] requests, int count, long[] total,
                           long[] authzOnly) {
        int allowed = 0;
        for (int i = 0; i < count; i++) {
            Request r = requests[i & (requests.length - 1)];
            long start = System.nanoTime();
            AuthResult result = chain.authenticate(r.credentials()).result();
            if (!(result instanceof AuthResult.Success ok)) {
                throw new IllegalStateException("authentication failed: " + result);
            }
            if (ApiAuthorization.mentionsImpersonation(r.credentials().headers())) {
                throw new IllegalStateException("no impersonation in this bench");
            }
            long authzStart = System.nanoTime();
            UserInfo user = ok.user();
            Decision d = authz.authorize(user, r.attributes());
            if (d.allowed()) {
                allowed++;
            } else if (ForbiddenMessage.of(user.name(), r.attributes(), d.reason()).isEmpty()) {
                throw new IllegalStateException();
            }
            long end = System.nanoTime();
            if (total != null) {
                total[i] = end - start;
                authzOnly[i] = end - authzStart;
            }
        }
        return allowed;
    }

    private static Request[] requests(Random random, List<List<Certificate>> certs, boolean bearer, int n) {
        Request[] out = new Request[n];
        for (int i = 0; i < n; i++) {
            int u = random.nextInt(USERS);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "application/json")
                    .add("User-Agent", "kubectl/v1.33.0 (linux/amd64) kubernetes/abc");
            AuthRequest credentials = bearer
                    ? new AuthRequest(List.of(), headers.add("Authorization", "Bearer token-" + u))
                    : new AuthRequest(certs.get(u), headers);
            String ns = "ns-" + random.nextInt(RbacBench.NAMESPACES);
            String[] res = RbacBench.RESOURCES[random.nextInt(RbacBench.RESOURCES.length)];
            String verb = RbacBench.VERBS[random.nextInt(RbacBench.VERBS.length)];
            boolean collection = verb.equals("list") || verb.equals("watch") || verb.equals("create");
            out[i] = new Request(credentials, Attributes.resource(verb, res[0], res[1], "", random.nextInt(10) == 0 ? "" : ns,
                    collection ? "" : "obj-" + random.nextInt(10)));
        }
        return out;
    }
}
