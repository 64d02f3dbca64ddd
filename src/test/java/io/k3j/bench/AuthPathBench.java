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
 * a mix of allowed and denied requests from 64 users. Argument: measured requests (default 200,000).
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
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
