package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization matrix with real kubectl 1.33 and real requests: users with client certificates issued here
 * (CN = user, O = groups), groups, ServiceAccounts through impersonation, verbs × resources × namespaces,
 * subresources, resourceNames, non-resource URLs, escalation attempts and impersonation rights. Every case is asked
 * twice — {@code kubectl auth can-i} (SelfSubjectAccessReview, protobuf) and the request itself — and both must
 * give the outcome upstream's RBAC gives, with upstream's 403 text.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RbacIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static ClassServer server;
    private static RbacUsers users;
    private static final AtomicInteger CASES = new AtomicInteger();

    private static final String FIXTURE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: team-b}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: alice-admin, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: devs-edit, namespace: team-b}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: carol-view}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: carol}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: builder-edit, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{kind: ServiceAccount, name: builder, namespace: team-a}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: service-accounts-view, namespace: team-b}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:serviceaccounts:team-b"}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-reader, namespace: team-a}
            rules:
            - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
            - {apiGroups: [""], resources: [pods/log], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: dave-pod-reader, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dave}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: cm-one, namespace: team-a}
            rules:
            - {apiGroups: [""], resources: [configmaps], resourceNames: [one], verbs: [get, update]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: dave-cm-one, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cm-one}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dave}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: node-viewer}
            rules:
            - {apiGroups: [""], resources: [nodes], verbs: [get, list]}
            - {nonResourceURLs: ["/logs/*"], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: dave-node-viewer}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-viewer}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dave}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: rbac-writer, namespace: team-a}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles, rolebindings], verbs: [create, get, list, update, patch]}
            - {apiGroups: [""], resources: [pods], verbs: [get]}
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [view], verbs: [bind]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: mallory-rbac-writer, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: rbac-writer}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: mallory}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: pod-getter, namespace: team-a}
            rules:
            - {apiGroups: [""], resources: [pods], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: role-escalator, namespace: team-a}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [create, escalate]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: eve-role-escalator, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-escalator}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: eve}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: clusterrole-writer}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [create]}
            - {apiGroups: [""], resources: [pods], verbs: [get]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: gina-clusterrole-writer}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: clusterrole-writer}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: gina}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: impersonator}
            rules:
            - {apiGroups: [""], resources: [users], resourceNames: [bob], verbs: [impersonate]}
            - {apiGroups: [""], resources: [groups], resourceNames: [devs], verbs: [impersonate]}
            - {apiGroups: [authentication.k8s.io], resources: [userextras/scopes], resourceNames: [view], verbs: [impersonate]}
            - {apiGroups: [authentication.k8s.io], resources: [uids], resourceNames: ["1234"], verbs: [impersonate]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: ivan-impersonator}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: impersonator}
            subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ivan}]
            """;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-rbac");
        users = new RbacUsers(server.k3j, server.dir.resolve("users"));
        users.add("alice");
        users.add("bob", "devs");
        users.add("carol");
        users.add("dave");
        users.add("erin");
        users.add("frank", "system:monitoring");
        users.add("mallory");
        users.add("eve");
        users.add("gina");
        users.add("ivan");
        Path fixture = Files.writeString(server.dir.resolve("fixture.yaml"), FIXTURE);
        server.kubectl.run("apply", "-f", fixture.toString()).assertOk();
        // The last binding of the fixture is in the index once ivan may impersonate bob.
        await("the fixture's bindings", () -> can(ivan(), "impersonate", "users/bob", "-A"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        System.out.println("RbacIT: " + CASES.get() + " authorization cases checked");
    }

    private static RbacUsers.User ivan() {
        return users.get("ivan");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cases

    /** A resource as kubectl names it and as its URL addresses it. */
    record Res(String kubectlName, String group, String plural, boolean namespaced, String body) {
        String base(String ns) {
            return (group.isEmpty() ? "/api/v1" : "/apis/" + group + "/v1") + (namespaced && !ns.isEmpty()
                    ? "/namespaces/" + ns : "") + "/" + plural;
        }

        String qualified() {
            return group.isEmpty() ? plural : plural + "." + group;
        }
    }

    static final Res PODS = new Res("pods", "", "pods", true, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
    static final Res SECRETS = new Res("secrets", "", "secrets", true, """
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
    static final Res DEPLOYMENTS = new Res("deployments.apps", "apps", "deployments", true, """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x"},"spec":{"selector":{"matchLabels":{"a":"b"}},
             "template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""");
    static final Res ROLES = new Res("roles." + RBAC, RBAC, "roles", true, """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"x"},
             "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""");
    static final Res CONFIGMAPS = new Res("configmaps", "", "configmaps", true, """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"one"}}""");
    static final Res NODES = new Res("nodes", "", "nodes", false, """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"x"}}""");
    static final Res NAMESPACES = new Res("namespaces", "", "namespaces", false, """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}}""");
    static final Res LEASES = new Res("leases.coordination.k8s.io", "coordination.k8s.io", "leases", true, """
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"x"}}""");
    static final Res LIMITRANGES = new Res("limitranges", "", "limitranges", true, """
            {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"x"},"spec":{"limits":[]}}""");

    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
            "deletecollection");
    static final List<String> READ = List.of("get", "list", "watch");

    /**
     * One question: may {@code who} (optionally impersonating {@code as} with {@code asGroups}) {@code verb} the
     * resource? {@code name} defaults to "x" for verbs that address one object.
     */
    record Access(String who, String as, List<String> asGroups, String verb, Res res, String sub, String ns, String name,
                  boolean allowed) {
        static Access of(String who, String verb, Res res, String ns, boolean allowed) {
            return new Access(who, null, List.of(), verb, res, "", ns, null, allowed);
        }

        Access as(String user, String... groups) {
            return new Access(who, user, List.of(groups), verb, res, sub, ns, name, allowed);
        }

        Access sub(String s) {
            return new Access(who, as, asGroups, verb, res, s, ns, name, allowed);
        }

        Access named(String n) {
            return new Access(who, as, asGroups, verb, res, sub, ns, n, allowed);
        }

        boolean collection() {
            return sub.isEmpty() && List.of("list", "watch", "create", "deletecollection").contains(verb);
        }

        String objectName() {
            return name != null ? name : collection() ? "" : "x";
        }

        String actingUser() {
            return as != null ? as : who;
        }

        @Override
        public String toString() {
            return who + (as == null ? "" : " as " + as + asGroups) + " " + verb + " " + res.kubectlName()
                    + (sub.isEmpty() ? "" : "/" + sub) + (objectName().isEmpty() ? "" : " " + objectName())
                    + " ns=" + (ns.isEmpty() ? "*" : ns) + " → " + (allowed ? "yes" : "no");
        }
    }

    /** The verbs × resources × namespaces part: who holds what, by upstream's default roles. */
    static List<Access> matrix() {
        List<Access> out = new ArrayList<>();
        List<Res> resources = List.of(PODS, SECRETS, DEPLOYMENTS, ROLES);
        for (String ns : List.of("team-a", "team-b")) {
            for (Res r : resources) {
                for (String verb : VERBS) {
                    boolean read = READ.contains(verb);
                    boolean viewable = r == PODS || r == DEPLOYMENTS; // view shows neither secrets nor RBAC
                    // admin in team-a: everything here, RBAC objects included
                    out.add(Access.of("alice", verb, r, ns, ns.equals("team-a")));
                    // edit in team-b through group devs: all but RBAC objects
                    out.add(Access.of("bob", verb, r, ns, ns.equals("team-b") && r != ROLES));
                    // view everywhere (ClusterRoleBinding): reads of viewable resources
                    out.add(Access.of("carol", verb, r, ns, read && viewable));
                    // no bindings at all
                    out.add(Access.of("erin", verb, r, ns, false));
                    // ServiceAccount team-a/builder: edit in team-a (admin impersonates it)
                    out.add(Access.of("admin", verb, r, ns, ns.equals("team-a") && r != ROLES)
                            .as("system:serviceaccount:team-a:builder"));
                    // any ServiceAccount of team-b: view in team-b through group system:serviceaccounts:team-b
                    out.add(Access.of("admin", verb, r, ns, ns.equals("team-b") && read && viewable)
                            .as("system:serviceaccount:team-b:robot"));
                }
            }
        }
        return out;
    }

    /** Subresources, resourceNames, cluster scope, all-namespace lists and impersonated groups. */
    static List<Access> specific() {
        return List.of(
                // subresources
                Access.of("carol", "get", PODS, "team-a", true).sub("log"),
                Access.of("carol", "create", PODS, "team-a", false).sub("exec"),
                Access.of("carol", "get", DEPLOYMENTS, "team-b", true).sub("scale"),
                Access.of("carol", "update", DEPLOYMENTS, "team-b", false).sub("scale"),
                Access.of("bob", "create", PODS, "team-b", true).sub("exec"),
                Access.of("bob", "create", PODS, "team-a", false).sub("exec"),
                Access.of("bob", "update", DEPLOYMENTS, "team-b", true).sub("scale"),
                Access.of("alice", "create", PODS, "team-a", true).sub("eviction"),
                Access.of("dave", "get", PODS, "team-a", true).sub("log"),
                Access.of("dave", "get", PODS, "team-a", false).sub("status"),
                Access.of("dave", "get", PODS, "team-b", false).sub("log"),
                Access.of("erin", "get", PODS, "team-a", false).sub("log"),
                Access.of("admin", "create", PODS, "team-a", true).sub("eviction").as("system:serviceaccount:team-a:builder"),
                // a Role's own rules, in its namespace only
                Access.of("dave", "list", PODS, "team-a", true),
                Access.of("dave", "delete", PODS, "team-a", false),
                Access.of("dave", "list", PODS, "team-b", false),
                // resourceNames: only the named object, never a collection
                Access.of("dave", "get", CONFIGMAPS, "team-a", true).named("one"),
                Access.of("dave", "update", CONFIGMAPS, "team-a", true).named("one"),
                Access.of("dave", "get", CONFIGMAPS, "team-a", false).named("two"),
                Access.of("dave", "delete", CONFIGMAPS, "team-a", false).named("one"),
                Access.of("dave", "list", CONFIGMAPS, "team-a", false),
                Access.of("dave", "create", CONFIGMAPS, "team-a", false),
                // cluster scope
                Access.of("dave", "list", NODES, "", true),
                Access.of("dave", "get", NODES, "", true).named("n1"),
                Access.of("dave", "delete", NODES, "", false).named("n1"),
                Access.of("carol", "list", NODES, "", false),
                Access.of("erin", "list", NODES, "", false),
                Access.of("carol", "list", NAMESPACES, "", true),
                Access.of("alice", "list", NAMESPACES, "", false),
                Access.of("erin", "get", NAMESPACES, "", false).named("team-a"),
                Access.of("carol", "delete", NAMESPACES, "", false).named("team-b"),
                // across all namespaces: only cluster-wide bindings count
                Access.of("carol", "list", PODS, "", true),
                Access.of("alice", "list", PODS, "", false),
                Access.of("bob", "list", SECRETS, "", false),
                // impersonated groups (system:masters may impersonate anyone)
                Access.of("admin", "create", PODS, "team-b", true).as("bob", "devs"),
                Access.of("admin", "create", PODS, "team-b", false).as("bob"),
                Access.of("admin", "list", PODS, "team-a", true).as("zed", "system:masters"),
                Access.of("admin", "list", SECRETS, "team-b", false).as("zed", "system:serviceaccounts:team-b"),
                Access.of("admin", "list", PODS, "team-b", true).as("zed", "system:serviceaccounts:team-b"),
                // ivan may impersonate bob and group devs, nothing else
                Access.of("ivan", "list", PODS, "team-b", true).as("bob", "devs"),
                Access.of("ivan", "list", PODS, "team-b", false).as("bob"),
                Access.of("ivan", "list", PODS, "team-b", false),
                // leases: edit (and so admin) has them since 1.2x, view does not
                Access.of("carol", "list", LEASES, "team-a", false),
                Access.of("alice", "list", LEASES, "team-a", true),
                Access.of("bob", "create", LEASES, "team-b", true),
                // nobody but cluster-admin writes limit ranges (view only reads them)
                Access.of("carol", "get", LIMITRANGES, "team-a", true),
                Access.of("carol", "create", LIMITRANGES, "team-a", false),
                Access.of("alice", "create", LIMITRANGES, "team-a", false));
    }

    @Test
    @Order(1)
    void authorizationMatrixAgreesWithUpstreamInCanIAndInRealRequests() throws Exception {
        List<Access> all = new ArrayList<>(matrix());
        all.addAll(specific());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Access a : all) {
                done.add(pool.submit(() -> {
                    try {
                        check(a);
                    } catch (AssertionError | Exception e) {
                        failures.add(a + ": " + e.getMessage());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(failures).as("cases that disagree with upstream").isEmpty();
        assertThat(all.size()).isGreaterThanOrEqualTo(300);
    }

    /** kubectl auth can-i, then the request itself: both must agree with {@code a.allowed()}. */
    private static void check(Access a) throws Exception {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", a.verb(),
                a.res().kubectlName() + (a.objectName().isEmpty() ? "" : "/" + a.objectName())));
        if (!a.sub().isEmpty()) {
            args.add("--subresource=" + a.sub());
        }
        args.add(a.ns().isEmpty() ? "-A" : "--namespace=" + a.ns());
        if (a.as() != null) {
            args.add("--as=" + a.as());
            a.asGroups().forEach(g -> args.add("--as-group=" + g));
        }
        Kubectl.Result r = users.get(a.who()).kubectl().run(args.toArray(String[]::new));
        String answer = r.out().trim();
        if (!answer.equals(a.allowed() ? "yes" : "no") || r.code() != (a.allowed() ? 0 : 1)) {
            throw new AssertionError("kubectl auth can-i said " + answer + " (exit " + r.code() + "): " + r.err().trim());
        }
        CASES.incrementAndGet();

        HttpResponse<String> resp = request(a);
        if (a.allowed()) {
            if (resp.statusCode() == 403 || resp.statusCode() == 401 || resp.statusCode() >= 500) {
                throw new AssertionError("request answered " + resp.statusCode() + ": " + resp.body());
            }
        } else {
            if (resp.statusCode() != 403) {
                throw new AssertionError("request answered " + resp.statusCode() + ", not 403: " + resp.body());
            }
            String message = JSON.readTree(resp.body()).path("message").asText();
            if (!message.equals(forbidden(a))) {
                throw new AssertionError("403 message\n  was:  " + message + "\n  want: " + forbidden(a));
            }
        }
        CASES.incrementAndGet();
    }

    /** Upstream's text: {@code <resource>[.<group>] ["<name>"] is forbidden: User "<u>" cannot <verb> resource …}. */
    static String forbidden(Access a) {
        String name = a.objectName();
        String what = a.res().qualified() + (name.isEmpty() ? "" : " \"" + name + "\"");
        String res = a.sub().isEmpty() ? a.res().plural() : a.res().plural() + "/" + a.sub();
        String ns = a.res() == NAMESPACES && !name.isEmpty() ? name : a.ns();
        return what + " is forbidden: User \"" + a.actingUser() + "\" cannot " + a.verb() + " resource \"" + res
                + "\" in API group \"" + a.res().group() + "\""
                + (ns.isEmpty() ? " at the cluster scope" : " in the namespace \"" + ns + "\"");
    }

    /** The request a client makes for this verb (writes as dry runs, so the cluster stays as the fixture left it). */
    private static HttpResponse<String> request(Access a) throws Exception {
        String base = a.res().base(a.ns());
        String one = base + "/" + a.objectName() + (a.sub().isEmpty() ? "" : "/" + a.sub());
        List<String> headers = new ArrayList<>();
        if (a.as() != null) {
            headers.addAll(List.of("Impersonate-User", a.as()));
            a.asGroups().forEach(g -> headers.addAll(List.of("Impersonate-Group", g)));
        }
        String[] h = headers.toArray(String[]::new);
        String body = a.res().body();
        if (!a.sub().isEmpty()) {
            body = switch (a.sub()) {
                case "eviction" -> "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"x\"}}";
                case "scale" -> "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicas\":1}}";
                default -> "{}";
            };
        }
        return switch (a.verb()) {
            case "get" -> users.send(a.who(), "GET", one, null, h);
            case "list" -> users.send(a.who(), "GET", base, null, h);
            case "watch" -> users.send(a.who(), "GET", base + "?watch=1&timeoutSeconds=1", null, h);
            case "create" -> users.send(a.who(), "POST", (a.sub().isEmpty() ? base : one) + "?dryRun=All", body, h);
            case "update" -> users.send(a.who(), "PUT", one + "?dryRun=All", body, h);
            case "patch" -> users.send(a.who(), "PATCH", one + "?dryRun=All", "{}", concat(h, "Content-Type",
                    "application/merge-patch+json"));
            case "delete" -> users.send(a.who(), "DELETE", one + "?dryRun=All", null, h);
            case "deletecollection" -> users.send(a.who(), "DELETE", base + "?dryRun=All", null, h);
            default -> throw new IllegalArgumentException(a.verb());
        };
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Non-resource URLs

    @Test
    @Order(2)
    void nonResourceUrlsFollowTheDefaultClusterRoles() throws Exception {
        record Path(String who, String verb, String path, boolean allowed) {
        }
        List<Path> paths = List.of(
                new Path("erin", "get", "/healthz", true), new Path("erin", "get", "/livez", true),
                new Path("erin", "get", "/readyz", true), new Path("erin", "get", "/version", true),
                new Path("erin", "get", "/api", true), new Path("erin", "get", "/apis", true),
                new Path("erin", "get", "/apis/apps/v1", true), new Path("erin", "get", "/openapi/v3", true),
                new Path("erin", "get", "/metrics", false), new Path("erin", "get", "/logs/kube.log", false),
                new Path("erin", "post", "/api", false),
                new Path("frank", "get", "/metrics", true), new Path("frank", "get", "/livez", true),
                new Path("frank", "get", "/logs/kube.log", false),
                new Path("dave", "get", "/logs/kube.log", true), new Path("dave", "get", "/logs", false),
                new Path("dave", "get", "/metrics", false),
                new Path("admin", "get", "/metrics", true), new Path("admin", "post", "/anything", true));
        for (Path p : paths) {
            Kubectl.Result r = users.get(p.who()).kubectl().run("auth", "can-i", p.verb(), p.path());
            assertThat(r.out().trim()).as(p.toString()).isEqualTo(p.allowed() ? "yes" : "no");
            CASES.incrementAndGet();
            HttpResponse<String> resp = users.send(p.who(), p.verb().toUpperCase(), p.path(), p.verb().equals("post") ? "{}" : null);
            if (p.allowed()) {
                assertThat(resp.statusCode()).as(p.toString()).isNotIn(401, 403);
            } else {
                assertThat(resp.statusCode()).as(p.toString()).isEqualTo(403);
                assertThat(JSON.readTree(resp.body()).path("message").asText()).isEqualTo(
                        "forbidden: User \"" + p.who() + "\" cannot " + p.verb() + " path \"" + p.path() + "\"");
            }
            CASES.incrementAndGet();
        }
        // Unauthenticated: the health and version endpoints only (discovery is for authenticated users since 1.14).
        for (String path : List.of("/healthz", "/livez", "/readyz", "/version")) {
            assertThat(users.send("anonymous", "GET", path, null).statusCode()).as(path).isEqualTo(200);
            CASES.incrementAndGet();
        }
        for (String path : List.of("/api", "/apis", "/openapi/v2", "/metrics")) {
            HttpResponse<String> resp = users.send("anonymous", "GET", path, null);
            assertThat(resp.statusCode()).as(path).isEqualTo(403);
            assertThat(resp.body()).contains("forbidden: User \\\"system:anonymous\\\" cannot get path \\\"" + path + "\\\"");
            CASES.incrementAndGet();
        }
        HttpResponse<String> pods = users.send("anonymous", "GET", "/api/v1/namespaces/team-a/pods", null);
        assertThat(pods.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(pods.body()).path("message").asText()).isEqualTo("pods is forbidden: User "
                + "\"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"team-a\"");
        CASES.incrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Escalation

    private static String role(String name, String rules) {
        return """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"%s","namespace":"team-a"},
                 "rules":%s}""".formatted(name, rules);
    }

    private static String roleBinding(String name, String kind, String role) {
        return """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"%s","namespace":"team-a"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"%s","name":"%s"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"someone"}]}""".formatted(name, kind, role);
    }

    private static final String ROLES_URL = "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles";
    private static final String BINDINGS_URL = "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings";
    private static final String GET_PODS = "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}]";
    private static final String DELETE_PODS = "[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"delete\"]}]";

    /** A write that authorization allows: {@code expected} 2xx, or 403 with the escalation text starting so. */
    private static void write(String who, String method, String url, String body, int expected, String messageStart,
                              String... headers) throws Exception {
        HttpResponse<String> resp = users.send(who, method, url, body, headers);
        assertThat(resp.statusCode()).as(who + " " + method + " " + url + ": " + resp.body()).isEqualTo(expected);
        if (messageStart != null) {
            JsonNode status = JSON.readTree(resp.body());
            assertThat(status.path("message").asText()).startsWith(messageStart);
            assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
        }
        CASES.incrementAndGet();
    }

    @Test
    @Order(3)
    void escalationIsRefusedWithUpstreamsText() throws Exception {
        String notHeld = "is attempting to grant RBAC permissions not currently held:\n";
        // mallory may write roles and bindings in team-a but holds only "get pods" there
        assertThat(users.get("mallory").kubectl().run("auth", "can-i", "create", "roles", "-n", "team-a").out().trim())
                .isEqualTo("yes");
        write("mallory", "POST", ROLES_URL, role("grant-delete", DELETE_PODS), 403,
                "roles.rbac.authorization.k8s.io \"grant-delete\" is forbidden: user \"mallory\" (groups=[\"system:authenticated\"]) "
                        + notHeld + "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}");
        write("mallory", "POST", ROLES_URL, role("grant-get", GET_PODS), 201, null);
        write("mallory", "POST", ROLES_URL + "?dryRun=All", role("grant-more", "[{\"apiGroups\":[\"\"],\"resources\":"
                + "[\"secrets\"],\"verbs\":[\"get\"]},{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}]"),
                403, "roles.rbac.authorization.k8s.io \"grant-more\" is forbidden: user \"mallory\"");
        // the same through update, merge patch and server-side apply of an existing role
        String getter = users.send("admin", "GET", ROLES_URL + "/pod-getter", null).body();
        JsonNode current = JSON.readTree(getter);
        ((com.fasterxml.jackson.databind.node.ObjectNode) current).set("rules", JSON.readTree(DELETE_PODS));
        write("mallory", "PUT", ROLES_URL + "/pod-getter", current.toString(), 403,
                "roles.rbac.authorization.k8s.io \"pod-getter\" is forbidden: user \"mallory\"");
        write("mallory", "PATCH", ROLES_URL + "/pod-getter", "{\"rules\":" + DELETE_PODS + "}", 403,
                "roles.rbac.authorization.k8s.io \"pod-getter\" is forbidden: user \"mallory\"",
                "Content-Type", "application/merge-patch+json");
        write("mallory", "PATCH", ROLES_URL + "/pod-getter?fieldManager=m&force=true", """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-getter"},"rules":%s}"""
                .formatted(DELETE_PODS), 403, "roles.rbac.authorization.k8s.io \"pod-getter\" is forbidden: user \"mallory\"",
                "Content-Type", "application/apply-patch+yaml");
        // a change that grants nothing new passes
        write("mallory", "PATCH", ROLES_URL + "/pod-getter", "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}", 200, null,
                "Content-Type", "application/merge-patch+json");

        // bindings: only to roles whose rules she holds, or that she may bind
        write("mallory", "POST", BINDINGS_URL, roleBinding("m-admin", "ClusterRole", "admin"), 403,
                "rolebindings.rbac.authorization.k8s.io \"m-admin\" is forbidden: user \"mallory\" (groups=[\"system:authenticated\"]) "
                        + notHeld);
        write("mallory", "POST", BINDINGS_URL, roleBinding("m-edit", "ClusterRole", "edit"), 403,
                "rolebindings.rbac.authorization.k8s.io \"m-edit\" is forbidden: user \"mallory\"");
        write("mallory", "POST", BINDINGS_URL, roleBinding("m-getter", "Role", "pod-getter"), 201, null);
        write("mallory", "POST", BINDINGS_URL, roleBinding("m-view", "ClusterRole", "view"), 201, null);
        write("mallory", "POST", BINDINGS_URL, roleBinding("m-missing", "Role", "no-such-role"), 403,
                "rolebindings.rbac.authorization.k8s.io \"m-missing\" is forbidden: role.rbac.authorization.k8s.io "
                        + "\"no-such-role\" not found");
        // eve may escalate roles: she writes rules she does not hold
        write("eve", "POST", ROLES_URL, role("eve-secrets", "[{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],"
                + "\"verbs\":[\"delete\"]}]"), 201, null);
        // alice (admin of team-a) may hand out admin there, not cluster-admin, and not rules on nodes
        write("alice", "POST", BINDINGS_URL, roleBinding("a-admin", "ClusterRole", "admin"), 201, null);
        write("alice", "POST", BINDINGS_URL, roleBinding("a-cluster-admin", "ClusterRole", "cluster-admin"), 403,
                "rolebindings.rbac.authorization.k8s.io \"a-cluster-admin\" is forbidden: user \"alice\"");
        write("alice", "POST", ROLES_URL, role("a-nodes", "[{\"apiGroups\":[\"\"],\"resources\":[\"nodes\"],"
                + "\"verbs\":[\"get\"]}]"), 403, "roles.rbac.authorization.k8s.io \"a-nodes\" is forbidden: user \"alice\"");
        // gina may create cluster roles with rules she holds; an aggregationRule needs cluster-admin
        String clusterRoles = "/apis/rbac.authorization.k8s.io/v1/clusterroles";
        write("gina", "POST", clusterRoles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"gina-get"},"rules":%s}"""
                .formatted(GET_PODS), 201, null);
        write("gina", "POST", clusterRoles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"gina-delete"},"rules":%s}"""
                .formatted(DELETE_PODS), 403, "clusterroles.rbac.authorization.k8s.io \"gina-delete\" is forbidden: user \"gina\"");
        write("gina", "POST", clusterRoles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"gina-agg"},
                 "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"x":"y"}}]}}""", 403,
                "clusterroles.rbac.authorization.k8s.io \"gina-agg\" is forbidden: must have cluster-admin privileges to use "
                        + "the aggregationRule");
        // plain authorization still comes first: mallory may not create cluster roles or delete roles at all
        write("mallory", "POST", clusterRoles, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"m"},"rules":[]}""", 403,
                "clusterroles.rbac.authorization.k8s.io is forbidden: User \"mallory\" cannot create resource \"clusterroles\" "
                        + "in API group \"rbac.authorization.k8s.io\" at the cluster scope");
        write("mallory", "DELETE", ROLES_URL + "/pod-getter", null, 403,
                "roles.rbac.authorization.k8s.io \"pod-getter\" is forbidden: User \"mallory\" cannot delete resource");

        // kubectl shows the same refusal
        Path denied = Files.writeString(server.dir.resolve("escalate.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: kubectl-delete, namespace: team-a}
                rules: [{apiGroups: [""], resources: [pods], verbs: [delete]}]
                """);
        Kubectl.Result r = users.get("mallory").kubectl().run("create", "-f", denied.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("Error from server (Forbidden): error when creating")
                .contains("roles.rbac.authorization.k8s.io \"kubectl-delete\" is forbidden: user \"mallory\"")
                .contains("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}");
        CASES.incrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Impersonation

    @Test
    @Order(4)
    void impersonationNeedsTheImpersonateVerbOnEachPart() throws Exception {
        String pods = "/api/v1/namespaces/team-b/pods";
        impersonate("ivan", pods, 200, null, "Impersonate-User", "bob", "Impersonate-Group", "devs");
        impersonate("ivan", pods, 403, "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" "
                + "in the namespace \"team-b\"", "Impersonate-User", "bob");
        impersonate("ivan", pods, 403, "users \"alice\" is forbidden: User \"ivan\" cannot impersonate resource \"users\" "
                + "in API group \"\" at the cluster scope", "Impersonate-User", "alice");
        impersonate("ivan", pods, 403, "groups \"system:masters\" is forbidden: User \"ivan\" cannot impersonate resource "
                + "\"groups\" in API group \"\" at the cluster scope", "Impersonate-User", "bob",
                "Impersonate-Group", "system:masters");
        impersonate("ivan", pods, 403, "serviceaccounts \"builder\" is forbidden: User \"ivan\" cannot impersonate "
                + "resource \"serviceaccounts\" in API group \"\" in the namespace \"team-a\"",
                "Impersonate-User", "system:serviceaccount:team-a:builder");
        impersonate("ivan", pods, 200, null, "Impersonate-User", "bob", "Impersonate-Group", "devs",
                "Impersonate-Extra-Scopes", "view", "Impersonate-Uid", "1234");
        impersonate("ivan", pods, 403, "userextras.authentication.k8s.io \"admin\" is forbidden: User \"ivan\" cannot "
                + "impersonate resource \"userextras/scopes\" in API group \"authentication.k8s.io\" at the cluster scope",
                "Impersonate-User", "bob", "Impersonate-Extra-Scopes", "admin");
        impersonate("ivan", pods, 403, "uids.authentication.k8s.io \"999\" is forbidden: User \"ivan\" cannot impersonate "
                + "resource \"uids\" in API group \"authentication.k8s.io\" at the cluster scope",
                "Impersonate-User", "bob", "Impersonate-Uid", "999");
        impersonate("erin", pods, 403, "users \"bob\" is forbidden: User \"erin\" cannot impersonate resource \"users\" "
                + "in API group \"\" at the cluster scope", "Impersonate-User", "bob");
        impersonate("ivan", pods, 500, "Internal error occurred: requested [{Group  devs    }] without impersonating a user",
                "Impersonate-Group", "devs");

        // kubectl --as / --as-group
        Kubectl ivan = ivan().kubectl();
        assertThat(ivan.run("get", "pods", "-n", "team-b", "--as=bob", "--as-group=devs").code()).isZero();
        Kubectl.Result alice = ivan.run("get", "pods", "-n", "team-b", "--as=alice");
        assertThat(alice.err()).contains("Error from server (Forbidden): users \"alice\" is forbidden: User \"ivan\" cannot "
                + "impersonate resource \"users\" in API group \"\" at the cluster scope");
        assertThat(ivan.run("auth", "can-i", "create", "deployments.apps", "-n", "team-b", "--as=bob", "--as-group=devs")
                .out().trim()).isEqualTo("yes");
        assertThat(ivan.run("auth", "can-i", "create", "deployments.apps", "-n", "team-b", "--as=bob").out().trim())
                .isEqualTo("no");
        CASES.addAndGet(4);
    }

    private static void impersonate(String who, String path, int status, String message, String... headers) throws Exception {
        HttpResponse<String> resp = users.send(who, "GET", path, null, headers);
        assertThat(resp.statusCode()).as(who + " " + String.join(" ", headers) + ": " + resp.body()).isEqualTo(status);
        if (message != null) {
            assertThat(JSON.readTree(resp.body()).path("message").asText()).isEqualTo(message);
        }
        CASES.incrementAndGet();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reviews and kubectl's views of them

    @Test
    @Order(5)
    void reviewsAndCanIList() throws Exception {
        Kubectl admin = server.kubectl;
        // can-i --list: the rules of the caller (or the impersonated user) in a namespace
        String alice = users.get("alice").kubectl().run("auth", "can-i", "--list", "-n", "team-a").assertOk().out();
        assertThat(row(alice, "roles.rbac.authorization.k8s.io")).contains("[]   ")
                .contains("create").contains("delete").contains("deletecollection").contains("get").contains("list")
                .contains("patch").contains("update").contains("watch");
        assertThat(row(alice, "localsubjectaccessreviews.authorization.k8s.io")).contains("[create]");
        assertThat(alice).contains("[/healthz]");
        String aliceB = users.get("alice").kubectl().run("auth", "can-i", "--list", "-n", "team-b").assertOk().out();
        assertThat(aliceB).doesNotContain("roles.rbac.authorization.k8s.io").contains("selfsubjectaccessreviews");
        String dave = admin.run("auth", "can-i", "--list", "-n", "team-a", "--as=dave").assertOk().out();
        assertThat(row(dave, "configmaps")).containsPattern("\\[one\\]\\s+\\[get update\\]");
        assertThat(row(dave, "pods/log")).endsWith("[get]");
        assertThat(dave).containsPattern("\\[/logs/\\*\\]\\s+\\[\\]\\s+\\[get\\]");
        String builder = admin.run("auth", "can-i", "--list", "-n", "team-a", "--as=system:serviceaccount:team-a:builder")
                .assertOk().out();
        assertThat(row(builder, "pods/exec")).contains("create");
        assertThat(row(builder, "deployments.apps")).contains("delete");
        CASES.addAndGet(4);

        // SubjectAccessReview and LocalSubjectAccessReview through kubectl create (create-only, answered with status)
        Path sar = Files.writeString(server.dir.resolve("sar.yaml"), """
                apiVersion: authorization.k8s.io/v1
                kind: SubjectAccessReview
                spec:
                  user: bob
                  groups: [devs]
                  resourceAttributes: {namespace: team-b, verb: delete, group: apps, resource: deployments}
                """);
        JsonNode sarOut = JSON.readTree(admin.run("create", "-f", sar.toString(), "-o", "json").assertOk().out());
        assertThat(sarOut.at("/status/allowed").asBoolean()).isTrue();
        assertThat(sarOut.at("/status/reason").asText()).isEqualTo("RBAC: allowed by RoleBinding \"devs-edit/team-b\" of "
                + "ClusterRole \"edit\" to Group \"devs\"");
        Path lsar = Files.writeString(server.dir.resolve("lsar.yaml"), """
                apiVersion: authorization.k8s.io/v1
                kind: LocalSubjectAccessReview
                metadata: {namespace: team-a}
                spec:
                  user: carol
                  resourceAttributes: {namespace: team-a, verb: get, resource: secrets}
                """);
        JsonNode lsarOut = JSON.readTree(admin.run("create", "-f", lsar.toString(), "-o", "json").assertOk().out());
        assertThat(lsarOut.at("/status/allowed").asBoolean()).isFalse();
        // alice, admin of team-a, may ask local reviews there (admin includes localsubjectaccessreviews)
        assertThat(users.get("alice").kubectl().run("create", "-f", lsar.toString(), "-o", "json").code()).isZero();
        Kubectl.Result erin = users.get("erin").kubectl().run("create", "-f", sar.toString());
        assertThat(erin.err()).contains("subjectaccessreviews.authorization.k8s.io is forbidden: User \"erin\" cannot "
                + "create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope");
        CASES.addAndGet(4);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Aggregation and bootstrap reconciliation

    @Test
    @Order(6)
    void aggregatedRolesPickUpLabelledRules() throws Exception {
        Path limits = Files.writeString(server.dir.resolve("limitranges-write.yaml"), """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: limitranges-write
                  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
                rules: [{apiGroups: [""], resources: [limitranges], verbs: [create]}]
                """);
        Kubectl carol = users.get("carol").kubectl();
        Kubectl alice = users.get("alice").kubectl();
        assertThat(alice.run("auth", "can-i", "create", "limitranges", "-n", "team-a").out().trim()).isEqualTo("no");
        server.kubectl.run("apply", "-f", limits.toString()).assertOk();
        await("view aggregates the new rule", () -> carol.run("auth", "can-i", "create", "limitranges", "-n", "team-a")
                .out().trim().equals("yes"));
        // edit aggregates view and admin aggregates edit: alice (admin of team-a) gets it at the end of the chain
        await("admin aggregates it through edit", () -> alice.run("auth", "can-i", "create", "limitranges", "-n", "team-a")
                .out().trim().equals("yes"));
        JsonNode view = JSON.readTree(server.kubectl.run("get", "clusterrole", "view", "-o", "json", "--show-managed-fields")
                .assertOk().out());
        assertThat(view.path("metadata").path("managedFields").toString()).contains("clusterrole-aggregation-controller");
        String limitRange = "{\"apiVersion\":\"v1\",\"kind\":\"LimitRange\",\"metadata\":{\"name\":\"l\"},\"spec\":{\"limits\":[]}}";
        assertThat(users.send("carol", "POST", "/api/v1/namespaces/team-a/limitranges?dryRun=All", limitRange).statusCode())
                .isEqualTo(201);
        server.kubectl.run("delete", "clusterrole", "limitranges-write").assertOk();
        await("view drops the rule again", () -> carol.run("auth", "can-i", "create", "limitranges", "-n", "team-a")
                .out().trim().equals("no"));
        await("and so does admin", () -> alice.run("auth", "can-i", "create", "limitranges", "-n", "team-a")
                .out().trim().equals("no"));
        CASES.addAndGet(5);
    }

    @Test
    @Order(7)
    void bootstrapPolicyIsReconciledAtEveryStartKeepingUserAdditions() throws Exception {
        Kubectl admin = server.kubectl;
        admin.run("delete", "clusterrole", "system:basic-user").assertOk();
        admin.run("patch", "clusterrole", "system:discovery", "--type=json",
                "-p=[{\"op\":\"add\",\"path\":\"/rules/-\",\"value\":{\"nonResourceURLs\":[\"/custom\"],\"verbs\":[\"get\"]}}]")
                .assertOk();
        admin.run("patch", "clusterrolebinding", "system:public-info-viewer", "--type=json",
                "-p=[{\"op\":\"add\",\"path\":\"/subjects/-\",\"value\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
                        + "\"kind\":\"User\",\"name\":\"extra\"}}]").assertOk();
        // Without system:basic-user, erin may no longer ask "can I?"
        await("basic-user gone", () -> users.get("erin").kubectl().run("auth", "can-i", "list", "pods").err()
                .contains("selfsubjectaccessreviews.authorization.k8s.io is forbidden"));

        assertThat(server.k3j.stop()).as("exit code after SIGTERM").isIn(0, 143);
        K3jProcess again = K3jProcess.start(server.k3j.dataDir(), server.k3j.port());
        try {
            again.awaitReady(Duration.ofSeconds(90));
            assertThat(admin.run("get", "clusterrole", "system:basic-user").code()).isZero();
            assertThat(admin.run("get", "clusterrole", "system:discovery", "-o", "json").assertOk().out()).contains("/custom");
            assertThat(admin.run("get", "clusterrolebinding", "system:public-info-viewer", "-o", "json").assertOk().out())
                    .contains("\"extra\"");
            assertThat(users.get("erin").kubectl().run("auth", "can-i", "list", "pods").out().trim()).isEqualTo("no");
            assertThat(users.get("carol").kubectl().run("auth", "can-i", "list", "pods", "-A").out().trim()).isEqualTo("yes");
        } finally {
            again.close();
        }
        CASES.addAndGet(5);
    }

    /** The row of {@code kubectl auth can-i --list} output for a resource (trailing spaces trimmed). */
    private static String row(String list, String resource) {
        return list.lines().filter(l -> l.startsWith(resource + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + resource + " in\n" + list)).stripTrailing();
    }

    private static boolean can(RbacUsers.User u, String verb, String resource, String... more) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource));
        args.addAll(List.of(more));
        return u.kubectl().run(args.toArray(String[]::new)).out().trim().equals("yes");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
