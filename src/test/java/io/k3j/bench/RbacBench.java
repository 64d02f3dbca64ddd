package io.k3j.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.BootstrapPolicy;
import io.k3j.auth.rbac.ClusterRoleAggregation;
import io.k3j.auth.rbac.PolicyRule;
import io.k3j.auth.rbac.RbacAuthorizer;
import io.k3j.auth.rbac.RbacIndex;
import io.k3j.auth.rbac.RoleRef;
import io.k3j.auth.rbac.Subject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * RBAC decision cost (issue 5): {@code allowedResource} p50/p99 with upstream's bootstrap policy plus 1,000 user
 * bindings loaded (400 ClusterRoleBindings, 600 RoleBindings over 100 namespaces; users, groups and
 * ServiceAccounts), on a mix of allowed and denied requests from one thread; then the cost of one index update
 * (a watch event). Argument: measured decisions (default 1,000,000).
 */
public final class RbacBench {

    static final String[] VERBS = {"get", "list", "watch", "create", "update", "patch", "delete"};
    static final String[][] RESOURCES = {{"", "pods"}, {"", "configmaps"}, {"", "secrets"}, {"apps", "deployments"},
            {"batch", "jobs"}, {"", "services"}, {"networking.k8s.io", "ingresses"}, {"example.com", "widgets"}};
    static final int NAMESPACES = 100;
    private static final int CUSTOM_ROLES = 20;

    private RbacBench() {
    }

    public static void main(String[] args) {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Random random = new Random(42);
        RbacIndex index = new RbacIndex();
        List<ObjectNode> objects = objects(random);
        long t0 = System.nanoTime();
        index.replaceAll(objects);
        System.out.printf("loaded %d objects (%d ClusterRoleBindings, %d RoleBindings) in %.1f ms%n", objects.size(),
                index.snapshot().clusterRoleBindingCount(), index.snapshot().roleBindingCount(), (System.nanoTime() - t0) / 1e6);

        RbacAuthorizer authorizer = new RbacAuthorizer(index);
        Request[] requests = requests(random, 4096);
        run(authorizer, requests, 300_000, null); // warm-up: JIT
        long[] latencies = new long[measured];
        int allowed = run(authorizer, requests, measured, latencies);
        Arrays.sort(latencies);
        System.out.printf("allowedResource over %,d decisions (%.0f%% allowed): p50 %.2f us, p90 %.2f us, p99 %.2f us, "
                        + "p99.9 %.2f us%n", measured, 100.0 * allowed / measured, pct(latencies, 50), pct(latencies, 90),
                pct(latencies, 99), pct(latencies, 99.9));

        updates(index, random);
    }

    record Request(UserInfo user, String verb, String group, String resource, String namespace, String name) {
    }

    private static int run(RbacAuthorizer a, Request[] requests, int count, long[] latencies) {
        int allowed = 0;
        for (int i = 0; i < count; i++) {
            Request r = requests[i & (requests.length - 1)];
            long start = System.nanoTime();
            boolean ok = a.allowedResource(r.user(), r.verb(), r.group(), r.resource(), "", r.namespace(), r.name());
            long took = System.nanoTime() - start;
            if (latencies != null) {
                latencies[i] = took;
            }
            if (ok) {
                allowed++;
            }
        }
        return allowed;
    }

    /** One watch event's worth of index work: a RoleBinding in one namespace, then a ClusterRoleBinding. */
    private static void updates(RbacIndex index, Random random) {
        for (String kind : List.of("RoleBinding", "ClusterRoleBinding")) {
            int n = 2000;
            long[] took = new long[n];
            for (int i = 0; i < n + 500; i++) {
                boolean cluster = kind.equals("ClusterRoleBinding");
                ObjectNode b = binding(kind, cluster ? "" : "ns-" + random.nextInt(NAMESPACES), "churn-" + (i % 50),
                        RoleRef.clusterRole("view"), Subject.user("churner-" + i));
                long start = System.nanoTime();
                index.upsert(b);
                if (i >= 500) {
                    took[i - 500] = System.nanoTime() - start;
                }
            }
            Arrays.sort(took);
            System.out.printf("index upsert of a %s: p50 %.1f us, p99 %.1f us%n", kind, pct(took, 50), pct(took, 99));
        }
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.min(sorted.length - 1, Math.round(p / 100 * sorted.length));
        return sorted[i] / 1000.0;
    }

    /** The bootstrap policy (aggregation settled), 20 custom ClusterRoles and the 1,000 bindings. */
    static List<ObjectNode> objects(Random random) {
        List<ObjectNode> roles = new ArrayList<>(BootstrapPolicy.clusterRoles());
        for (int i = 0; i < CUSTOM_ROLES; i++) {
            ObjectNode role = object("ClusterRole", "", "custom-" + i);
            var rules = role.putArray("rules");
            for (int r = 0; r < 6; r++) {
                String[] res = RESOURCES[random.nextInt(RESOURCES.length)];
                rules.add(PolicyRule.verbs(VERBS[random.nextInt(VERBS.length)], VERBS[random.nextInt(VERBS.length)])
                        .groups(res[0]).resources(res[1]).toJson());
            }
            roles.add(role);
        }
        List<ObjectNode> out = new ArrayList<>(ClusterRoleAggregation.settle(roles));
        out.addAll(BootstrapPolicy.clusterRoleBindings());
        out.addAll(BootstrapPolicy.roles());
        out.addAll(BootstrapPolicy.roleBindings());
        String[] targets = {"view", "edit", "admin"};
        for (int i = 0; i < 400; i++) {
            Subject s = i % 10 == 0 ? Subject.group("team-" + (i % 20)) : Subject.user("user-" + i);
            out.add(binding("ClusterRoleBinding", "", "crb-" + i, RoleRef.clusterRole("custom-" + (i % CUSTOM_ROLES)), s));
        }
        for (int i = 0; i < 600; i++) {
            String ns = "ns-" + (i % NAMESPACES);
            Subject s = switch (i % 3) {
                case 0 -> Subject.user("user-" + random.nextInt(1000));
                case 1 -> Subject.group("team-" + random.nextInt(20));
                default -> Subject.serviceAccount(ns, "sa-" + random.nextInt(5));
            };
            RoleRef ref = i % 4 == 0 ? RoleRef.clusterRole("custom-" + random.nextInt(CUSTOM_ROLES))
                    : RoleRef.clusterRole(targets[random.nextInt(targets.length)]);
            out.add(binding("RoleBinding", ns, "rb-" + i, ref, s));
        }
        return out;
    }

    private static Request[] requests(Random random, int n) {
        Request[] out = new Request[n];
        for (int i = 0; i < n; i++) {
            UserInfo user;
            String ns = "ns-" + random.nextInt(NAMESPACES);
            if (random.nextInt(4) == 0) {
                user = new UserInfo("system:serviceaccount:" + ns + ":sa-" + random.nextInt(5),
                        List.of("system:serviceaccounts", "system:serviceaccounts:" + ns, UserInfo.AUTHENTICATED));
            } else {
                int u = random.nextInt(1000);
                user = new UserInfo("user-" + u, List.of("team-" + (u % 20), UserInfo.AUTHENTICATED));
            }
            String[] res = RESOURCES[random.nextInt(RESOURCES.length)];
            String verb = VERBS[random.nextInt(VERBS.length)];
            boolean collection = verb.equals("list") || verb.equals("watch") || verb.equals("create");
            out[i] = new Request(user, verb, res[0], res[1], random.nextInt(10) == 0 ? "" : ns,
                    collection ? "" : "obj-" + random.nextInt(10));
        }
        return out;
    }

    private static ObjectNode binding(String kind, String ns, String name, RoleRef ref, Subject subject) {
        ObjectNode b = object(kind, ns, name);
        b.set("roleRef", ref.toJson());
        b.putArray("subjects").add(subject.toJson());
        return b;
    }

    private static ObjectNode object(String kind, String ns, String name) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        if (!ns.isEmpty()) {
            meta.put("namespace", ns);
        }
        return o;
    }
}
