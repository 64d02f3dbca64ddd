package io.k3j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.podsecurity.Evaluator;
import io.k3j.admission.podsecurity.Level;
import io.k3j.admission.podsecurity.LevelVersion;
import io.k3j.admission.podsecurity.PodSecurityConfig;
import io.k3j.admission.podsecurity.PodSecurityPlugin;
import io.k3j.admission.podsecurity.PolicyVersion;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * PodSecurity cost (issue 5): one restricted:latest evaluation of a compliant two-container pod and of a pod that
 * violates four controls (messages built), then the whole plugin on a pod CREATE in a namespace with enforce, audit
 * and warn set to restricted (namespace read from an in-memory lookup, as from the watch cache). Each call is timed
 * alone, from one thread, after warm-up. Argument: measured calls per case (default 200,000).
 */
public final class PodSecurityBench {

    private static final ObjectMapper M = new ObjectMapper();

    private PodSecurityBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ObjectNode good = (ObjectNode) M.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"ns","labels":{"app":"web"}},
                 "spec":{"securityContext":{"runAsNonRoot":true,"seccompProfile":{"type":"RuntimeDefault"}},
                  "volumes":[{"name":"cfg","configMap":{"name":"cfg"}},{"name":"tmp","emptyDir":{}}],
                  "containers":[
                   {"name":"app","image":"nginx","ports":[{"containerPort":8080}],"securityContext":
                     {"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}},
                   {"name":"sidecar","image":"envoy","securityContext":
                     {"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"],"add":["NET_BIND_SERVICE"]}}}]}}""");
        ObjectNode bad = (ObjectNode) M.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"bare","namespace":"ns"},
                 "spec":{"containers":[{"name":"app","image":"nginx"},{"name":"sidecar","image":"envoy"}]}}""");
        LevelVersion restricted = new LevelVersion(Level.RESTRICTED, PolicyVersion.LATEST);
        Evaluator ev = Evaluator.DEFAULT;

        report("evaluate restricted, compliant pod", n,
                () -> ev.aggregate(restricted, good.get("metadata"), good.get("spec")));
        report("evaluate restricted, 4 violations", n,
                () -> ev.aggregate(restricted, bad.get("metadata"), bad.get("spec")).forbiddenDetail());

        ObjectNode ns = (ObjectNode) M.readTree("""
                {"metadata":{"name":"ns","labels":{"pod-security.kubernetes.io/enforce":"restricted",
                 "pod-security.kubernetes.io/audit":"restricted","pod-security.kubernetes.io/warn":"restricted"}}}""");
        AdmissionLookup lookup = new AdmissionLookup() {
            @Override
            public Future<ObjectNode> get(String group, String resource, String namespace, String name) {
                return Future.succeededFuture(ns);
            }

            @Override
            public Future<List<ObjectNode>> list(String group, String resource, String namespace) {
                return Future.succeededFuture(List.of());
            }
        };
        PodSecurityPlugin plugin = new PodSecurityPlugin(lookup, PodSecurityConfig.DEFAULT, ev, System::nanoTime);
        UserInfo user = new UserInfo("alice", List.of("system:authenticated"));
        report("plugin validate, pod CREATE, restricted namespace", n, () -> {
            AdmissionRequest r = new AdmissionRequest(Operation.CREATE, "", "v1", "pods", "", "Pod", "ns", "web",
                    good, null, null, user, false);
            return plugin.validate(r).succeeded();
        });
    }

    private static void report(String what, int n, Supplier<Object> call) {
        Object sink = null;
        for (int i = 0; i < Math.max(50_000, n / 2); i++) { // warm-up: let the JIT compile the path
            sink = call.get();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            sink = call.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("%-52s p50 %6.2f µs  p99 %6.2f µs  (n=%d)%s%n", what, nanos[n / 2] / 1000.0,
                nanos[(int) (n * 0.99)] / 1000.0, n, sink == null ? "!" : "");
    }
}
