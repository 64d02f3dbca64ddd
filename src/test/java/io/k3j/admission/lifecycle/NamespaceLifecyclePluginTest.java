package io.k3j.admission.lifecycle;

import io.k3j.admission.PluginFixture;
import io.k3j.apiserver.rest.ApiError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.k3j.admission.PluginFixture.admit;
import static io.k3j.admission.PluginFixture.assertDenied;
import static io.k3j.admission.PluginFixture.create;
import static io.k3j.admission.PluginFixture.delete;
import static io.k3j.admission.PluginFixture.pod;
import static io.k3j.admission.PluginFixture.refusal;
import static io.k3j.admission.PluginFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

class NamespaceLifecyclePluginTest {

    static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"%s"},"spec":{"containers":[{"name":"c","image":"x"}]}}""";
    static final String ACTIVE = """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s"},"status":{"phase":"Active"}}""";
    static final String TERMINATING = """
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"%s","deletionTimestamp":"2026-01-01T00:00:00Z"},
             "status":{"phase":"Terminating"}}""";

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    PluginFixture f;
    NamespaceLifecyclePlugin plugin;

    @BeforeEach
    void setUp() {
        f = new PluginFixture(dir, clock);
        plugin = new NamespaceLifecyclePlugin(f.env);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void createsInAnActiveNamespaceAreAdmitted() {
        f.lookup.put("", "namespaces", "", ACTIVE.formatted("apps"));
        admit(plugin, pod("apps", POD.formatted("apps")));
    }

    @Test
    void aCreateInAMissingNamespaceIsNotFound() {
        RuntimeException e = refusal(plugin, pod("nope", POD.formatted("nope")));
        assertThat(e).isInstanceOf(ApiError.class);
        JsonObject status = ((ApiError) e).toStatus();
        assertThat(status.getInteger("code")).isEqualTo(404);
        assertThat(status.getString("reason")).isEqualTo("NotFound");
        assertThat(status.getString("message")).isEqualTo("namespaces \"nope\" not found");
        assertThat(status.getJsonObject("details").getString("kind")).isEqualTo("namespaces");
    }

    @Test
    void anUpdateInAMissingNamespaceIsNotFoundToo() {
        RuntimeException e = refusal(plugin, update("", "pods", "Pod", "nope", POD.formatted("nope"), POD.formatted("nope")));
        assertThat(((ApiError) e).code()).isEqualTo(404);
    }

    @Test
    void aNamespaceTheCacheHasNotSeenYetIsReadFromTheStore() {
        f.store("/registry/core/namespaces/fresh", ACTIVE.formatted("fresh"));
        admit(plugin, pod("fresh", POD.formatted("fresh")));
    }

    @Test
    void createsInATerminatingNamespaceAreForbiddenWithTheNamespaceTerminatingCause() {
        f.lookup.put("", "namespaces", "", TERMINATING.formatted("old"));
        RuntimeException e = refusal(plugin, pod("old", POD.formatted("old")));
        JsonObject status = ((ApiError) e).toStatus();
        assertThat(status.getInteger("code")).isEqualTo(403);
        assertThat(status.getString("reason")).isEqualTo("Forbidden");
        assertThat(status.getString("message")).isEqualTo(
                "pods \"p\" is forbidden: unable to create new content in namespace old because it is being terminated");
        JsonObject cause = status.getJsonObject("details").getJsonArray("causes").getJsonObject(0);
        assertThat(cause.getString("reason")).isEqualTo("NamespaceTerminating");
        assertThat(cause.getString("message")).isEqualTo("namespace old is being terminated");
        assertThat(cause.getString("field")).isEqualTo("metadata.namespace");
    }

    @Test
    void updatesAndDeletesInATerminatingNamespaceAreAdmitted() {
        f.lookup.put("", "namespaces", "", TERMINATING.formatted("old"));
        admit(plugin, update("", "pods", "Pod", "old", POD.formatted("old"), POD.formatted("old")));
        admit(plugin, delete("", "pods", "Pod", "old", "p"));
    }

    @Test
    void theImmortalNamespacesMayNotBeDeleted() {
        for (String ns : new String[]{"default", "kube-system", "kube-public"}) {
            assertDenied(refusal(plugin, delete("", "namespaces", "Namespace", "", ns)), 403,
                    "namespaces \"" + ns + "\" is forbidden: this namespace may not be deleted");
        }
        admit(plugin, delete("", "namespaces", "Namespace", "", "kube-node-lease"));
    }

    @Test
    void afterADeleteTheCachedActivePhaseIsCheckedLiveFor30Seconds() {
        f.lookup.put("", "namespaces", "", ACTIVE.formatted("going"));
        f.store("/registry/core/namespaces/going", TERMINATING.formatted("going"));
        admit(plugin, delete("", "namespaces", "Namespace", "", "going"));
        assertThat(((ApiError) refusal(plugin, pod("going", POD.formatted("going")))).code()).isEqualTo(403);

        clock.advance(NamespaceLifecyclePlugin.FORCE_LIVE_LOOKUP.plusSeconds(1));
        admit(plugin, pod("going", POD.formatted("going"))); // the (stale) cache is trusted again
    }

    @Test
    void clusterScopedObjectsNamespacesAndLocalAccessReviewsPass() {
        admit(plugin, create("", "nodes", "Node", "", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"}}"""));
        admit(plugin, create("", "namespaces", "Namespace", "", ACTIVE.formatted("new")));
        admit(plugin, create("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", "nope", """
                {"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview","metadata":{"namespace":"nope"}}"""));
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
