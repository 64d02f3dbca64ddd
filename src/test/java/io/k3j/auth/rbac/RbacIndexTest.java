package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.RbacFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.auth.UserInfo;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RbacIndexTest {

    private static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));

    private static final String ROLE = """
            kind: ClusterRole
            metadata: {name: reader}
            rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]
            """;

    private static String binding(String name, String ns, String user) {
        String meta = ns.isEmpty() ? "{name: " + name + "}" : "{name: " + name + ", namespace: " + ns + "}";
        return "kind: " + (ns.isEmpty() ? "ClusterRoleBinding" : "RoleBinding") + "\nmetadata: " + meta
                + "\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}"
                + "\nsubjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: " + user + "}]";
    }

    private static boolean canGetPods(RbacIndex index, String ns) {
        return new RbacAuthorizer(index).allowedResource(ALICE, "get", "", "pods", "", ns, "p");
    }

    @Test
    void upsertReplaceAndRemove() {
        RbacIndex index = new RbacIndex();
        index.upsert(parse(ROLE));
        index.upsert(parse(binding("b", "dev", "alice")));
        assertThat(canGetPods(index, "dev")).isTrue();
        assertThat(canGetPods(index, "prod")).isFalse();
        // The same binding now names someone else.
        index.upsert(parse(binding("b", "dev", "bob")));
        assertThat(canGetPods(index, "dev")).isFalse();
        index.upsert(parse(binding("c", "", "alice")));
        assertThat(canGetPods(index, "prod")).isTrue();
        index.remove(parse(binding("c", "", "alice")));
        assertThat(canGetPods(index, "prod")).isFalse();
        index.remove("RoleBinding", "dev", "b");
        assertThat(index.snapshot().roleBindingCount()).isZero();
        // Removing what is not there changes nothing.
        RbacSnapshot before = index.snapshot();
        index.remove("RoleBinding", "dev", "b");
        assertThat(index.snapshot().roleBindingCount()).isZero();
        assertThat(before.clusterRole("reader")).isPresent();
    }

    @Test
    void removingTheRoleRevokesAndRestoringGrantsAgain() {
        RbacIndex index = new RbacIndex();
        index.upsert(parse(binding("c", "", "alice")));
        assertThat(canGetPods(index, "dev")).isFalse();
        index.upsert(parse(ROLE));
        assertThat(canGetPods(index, "dev")).isTrue();
        index.remove("ClusterRole", "", "reader");
        assertThat(canGetPods(index, "dev")).isFalse();
    }

    @Test
    void snapshotsAreImmutable() {
        RbacIndex index = new RbacIndex();
        index.upsert(parse(ROLE));
        RbacSnapshot empty = index.snapshot();
        index.upsert(parse(binding("c", "", "alice")));
        assertThat(empty.clusterRoleBindingCount()).isZero();
        assertThat(index.snapshot().clusterRoleBindingCount()).isOne();
    }

    @Test
    void replaceAllSwapsEverything() {
        RbacIndex index = new RbacIndex();
        index.upsert(parse(ROLE));
        index.upsert(parse(binding("old", "", "alice")));
        index.replaceAll(List.of(parse(ROLE), parse(binding("x", "dev", "alice")), parse(binding("y", "dev", "bob"))));
        assertThat(index.snapshot().clusterRoleBindingCount()).isZero();
        assertThat(index.snapshot().roleBindingCount()).isEqualTo(2);
        assertThat(canGetPods(index, "dev")).isTrue();
        assertThat(canGetPods(index, "prod")).isFalse();
    }

    @Test
    void malformedObjectsAreRejected() {
        RbacIndex index = new RbacIndex();
        assertThatThrownBy(() -> index.upsert(parse("kind: Pod\nmetadata: {name: p}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an RBAC object");
        assertThatThrownBy(() -> index.upsert(parse("kind: Role\nmetadata: {name: r}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without metadata.namespace");
    }

    @Test
    void theIndexKeepsItsOwnCopyOfClusterRoles() {
        RbacIndex index = new RbacIndex();
        var role = parse(ROLE);
        index.upsert(role);
        role.with("metadata").put("name", "changed");
        assertThat(index.snapshot().clusterRole("reader")).isPresent();
        assertThat(index.snapshot().clusterRoles()).hasSize(1);
    }

    /** Readers on several threads see either the old or the new state of a binding, never an error, while one writer churns. */
    @Test
    void concurrentReadersDuringWrites() throws Exception {
        RbacIndex index = new RbacIndex();
        index.upsert(parse(ROLE));
        index.upsert(parse(binding("stable", "", "alice")));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch started = new CountDownLatch(2);
        try {
            List<Future<Long>> readers = List.of(1, 2).stream().map(i -> pool.submit(() -> {
                started.countDown();
                long reads = 0;
                RbacAuthorizer a = new RbacAuthorizer(index);
                while (!stop.get()) {
                    // The stable binding is never touched, so every read must allow.
                    if (!a.allowedResource(ALICE, "get", "", "pods", "", "ns" + (reads % 50), "p")) {
                        throw new AssertionError("lost the stable binding");
                    }
                    reads++;
                }
                return reads;
            })).toList();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 1000; i++) {
                index.upsert(BootstrapObjects.roleBinding("ns" + (i % 50), "churn-" + (i % 100), RoleRef.clusterRole("reader"),
                        Subject.user("user" + i)));
                if (i % 3 == 0) {
                    index.remove("RoleBinding", "ns" + (i % 50), "churn-" + (i % 100));
                }
            }
            stop.set(true);
            for (Future<Long> r : readers) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
