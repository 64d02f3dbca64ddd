package io.k3j.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Watch;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** Records the writes the recorder makes; nothing else is expected of it. */
    private static final class Writes implements KubeClient {
        final List<ObjectNode> created = new ArrayList<>();
        final List<String> patches = new ArrayList<>();

        @Override
        public Future<ObjectNode> create(GroupVersionResource r, String namespace, ObjectNode obj, WriteOptions options) {
            created.add(obj);
            return Future.succeededFuture(obj);
        }

        @Override
        public Future<ObjectNode> patch(GroupVersionResource r, String namespace, String name, PatchType type,
                                        String body, String subresource, WriteOptions options) {
            patches.add(body);
            return Future.succeededFuture(M.createObjectNode());
        }

        private static <T> Future<T> unexpected() {
            return Future.failedFuture(new AssertionError("unexpected call"));
        }

        @Override public Future<ObjectNode> get(GroupVersionResource r, String ns, String name) { return unexpected(); }
        @Override public Future<ObjectNode> list(GroupVersionResource r, String ns, ListOptions o) { return unexpected(); }
        @Override public Future<ObjectNode> createSubresource(GroupVersionResource r, String ns, String name, String sub,
                                                              ObjectNode body, WriteOptions o) { return unexpected(); }
        @Override public Future<ObjectNode> update(GroupVersionResource r, String ns, ObjectNode obj, WriteOptions o) { return unexpected(); }
        @Override public Future<ObjectNode> updateStatus(GroupVersionResource r, String ns, ObjectNode obj, WriteOptions o) { return unexpected(); }
        @Override public Future<JsonNode> delete(GroupVersionResource r, String ns, String name, DeleteOptions o) { return unexpected(); }
        @Override public Future<JsonNode> deleteCollection(GroupVersionResource r, String ns, ListOptions s, DeleteOptions o) { return unexpected(); }
        @Override public Future<Watch> watch(GroupVersionResource r, String ns, ListOptions o, WatchHandler h) { return unexpected(); }
        @Override public Future<JsonNode> getPath(String path) { return unexpected(); }
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static ObjectNode pod(String name) {
        ObjectNode o = M.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        o.putObject("metadata").put("name", name).put("namespace", "default").put("uid", "uid-" + name);
        return o;
    }

    @Test
    void repeatsBumpTheCountUntilTheBurstIsSpentThenOncePerFiveMinutes() {
        Writes client = new Writes();
        ManualClock clock = new ManualClock();
        EventRecorder recorder = new EventRecorder(client, "default-scheduler", "host", clock);

        for (int i = 0; i < 100; i++) {
            recorder.warning(pod("p"), "FailedScheduling", "0/0 nodes are available");
        }
        assertThat(client.created).hasSize(1);
        // The first occurrence spent a token on the create: 24 patches follow, then the budget is spent.
        assertThat(client.patches).hasSize(EventRecorder.BURST - 1);
        assertThat(client.patches.getLast()).contains("\"count\":" + EventRecorder.BURST);

        clock.now = clock.now.plus(Duration.ofMinutes(5));
        recorder.warning(pod("p"), "FailedScheduling", "0/0 nodes are available");
        recorder.warning(pod("p"), "FailedScheduling", "0/0 nodes are available");
        assertThat(client.patches).hasSize(EventRecorder.BURST);
        // Occurrences held back were still counted: 100 before, plus the one that went out now.
        assertThat(client.patches.getLast()).contains("\"count\":101");
    }

    @Test
    void otherObjectsAndReasonsHaveTheirOwnBudget() {
        Writes client = new Writes();
        EventRecorder recorder = new EventRecorder(client, "c", "host", new ManualClock());
        for (int i = 0; i < 50; i++) {
            recorder.warning(pod("p"), "FailedScheduling", "m");
        }
        recorder.warning(pod("q"), "FailedScheduling", "m");
        recorder.normal(pod("p"), "Scheduled", "m");
        assertThat(client.created).hasSize(3);
    }
}
