package io.k3j.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.PodInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/** Builders for Nodes and Pods as the API serves them (JSON), for scheduler tests. */
public final class Fixtures {

    private static final AtomicLong UIDS = new AtomicLong();

    private Fixtures() {
    }

    /** JSON with single quotes for readability: {@code json("{'a': 1}")}. */
    public static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeBuilder node(String name) {
        return new NodeBuilder(name);
    }

    public static PodBuilder pod(String name) {
        return new PodBuilder(name);
    }

    public static final class NodeBuilder {
        private final ObjectNode o = Json.MAPPER.createObjectNode();

        NodeBuilder(String name) {
            o.put("apiVersion", "v1").put("kind", "Node");
            ObjectNode meta = o.putObject("metadata");
            meta.put("name", name);
            meta.putObject("labels").put("kubernetes.io/hostname", name);
            o.putObject("spec");
            ObjectNode alloc = o.putObject("status").putObject("allocatable");
            alloc.put("cpu", "4").put("memory", "8Gi").put("pods", "110").put("ephemeral-storage", "100Gi");
        }

        public NodeBuilder capacity(String resource, String amount) {
            ((ObjectNode) o.path("status").path("allocatable")).put(resource, amount);
            return this;
        }

        public NodeBuilder label(String key, String value) {
            ((ObjectNode) o.path("metadata").path("labels")).put(key, value);
            return this;
        }

        public NodeBuilder zone(String zone) {
            return label("topology.kubernetes.io/zone", zone);
        }

        public NodeBuilder taint(String key, String value, String effect) {
            ObjectNode t = ((ObjectNode) o.get("spec")).withArray("taints").addObject();
            t.put("key", key);
            if (value != null) {
                t.put("value", value);
            }
            t.put("effect", effect);
            return this;
        }

        public NodeBuilder unschedulable() {
            ((ObjectNode) o.get("spec")).put("unschedulable", true);
            return this;
        }

        public NodeBuilder image(String name, long sizeBytes) {
            ObjectNode img = ((ObjectNode) o.get("status")).withArray("images").addObject();
            img.putArray("names").add(name);
            img.put("sizeBytes", sizeBytes);
            return this;
        }

        public ObjectNode json() {
            return o;
        }
    }

    public static final class PodBuilder {
        private final ObjectNode o = Json.MAPPER.createObjectNode();
        private final ObjectNode container;

        PodBuilder(String name) {
            o.put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode meta = o.putObject("metadata");
            meta.put("name", name).put("namespace", "default").put("uid", "uid-" + name + "-" + UIDS.incrementAndGet());
            meta.putObject("labels");
            ObjectNode spec = o.putObject("spec");
            container = spec.putArray("containers").addObject();
            container.put("name", "c").put("image", "registry.k3j.io/app:1");
            spec.put("schedulerName", "default-scheduler");
        }

        public PodBuilder namespace(String ns) {
            ((ObjectNode) o.get("metadata")).put("namespace", ns);
            return this;
        }

        public PodBuilder label(String key, String value) {
            ((ObjectNode) o.path("metadata").path("labels")).put(key, value);
            return this;
        }

        public PodBuilder request(String resource, String amount) {
            container.with("resources").with("requests").put(resource, amount);
            return this;
        }

        public PodBuilder cpu(String amount) {
            return request("cpu", amount);
        }

        public PodBuilder memory(String amount) {
            return request("memory", amount);
        }

        public PodBuilder image(String image) {
            container.put("image", image);
            return this;
        }

        public PodBuilder hostPort(int port) {
            container.withArray("ports").addObject().put("containerPort", port).put("hostPort", port);
            return this;
        }

        public PodBuilder nodeName(String node) {
            spec().put("nodeName", node);
            return this;
        }

        public PodBuilder priority(int p) {
            spec().put("priority", p);
            return this;
        }

        public PodBuilder schedulerName(String name) {
            spec().put("schedulerName", name);
            return this;
        }

        public PodBuilder nodeSelector(String key, String value) {
            spec().with("nodeSelector").put(key, value);
            return this;
        }

        public PodBuilder toleration(String key, String operator, String value, String effect) {
            ObjectNode t = spec().withArray("tolerations").addObject();
            if (key != null) {
                t.put("key", key);
            }
            t.put("operator", operator);
            if (value != null) {
                t.put("value", value);
            }
            if (effect != null) {
                t.put("effect", effect);
            }
            return this;
        }

        /** Sets {@code spec.<field>} from single-quoted JSON. */
        public PodBuilder spec(String field, String singleQuotedJson) {
            spec().set(field, Fixtures.json(singleQuotedJson));
            return this;
        }

        public PodBuilder initContainer(String cpu, boolean sidecar) {
            ObjectNode c = spec().withArray("initContainers").addObject();
            c.put("name", "init" + spec().withArray("initContainers").size());
            c.with("resources").with("requests").put("cpu", cpu);
            if (sidecar) {
                c.put("restartPolicy", "Always");
            }
            return this;
        }

        public PodBuilder startTime(String rfc3339) {
            o.with("status").put("startTime", rfc3339);
            return this;
        }

        public PodBuilder nominatedNodeName(String node) {
            o.with("status").put("nominatedNodeName", node);
            return this;
        }

        public PodBuilder phase(String phase) {
            o.with("status").put("phase", phase);
            return this;
        }

        public PodBuilder deleting() {
            ((ObjectNode) o.get("metadata")).put("deletionTimestamp", "2025-01-01T00:00:00Z");
            return this;
        }

        private ObjectNode spec() {
            return (ObjectNode) o.get("spec");
        }

        public ObjectNode json() {
            return o;
        }

        public PodInfo info() {
            return PodInfo.of(o);
        }
    }

    /** A snapshot holding the given nodes. */
    public static ClusterSnapshot snapshot(NodeBuilder... nodes) {
        ClusterSnapshot s = new ClusterSnapshot();
        for (NodeBuilder n : nodes) {
            s.upsertNode(n.json());
        }
        return s;
    }

    /** Places a pod on a node (as a bound pod from the informer) and returns it. */
    public static PodInfo place(ClusterSnapshot s, PodBuilder pod, String node) {
        PodInfo p = pod.nodeName(node).info();
        s.upsertPod(p);
        return p;
    }

    @SuppressWarnings("unused")
    private static ArrayNode arr() {
        return Json.MAPPER.createArrayNode();
    }
}
