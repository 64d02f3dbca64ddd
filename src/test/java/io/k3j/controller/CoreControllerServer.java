package io.k3j.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.DeleteOptions;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeApiException;
import io.k3j.client.ListOptions;
import io.k3j.client.WriteOptions;
import io.k3j.testing.InProcessServer;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.k3j.store.Await.await;
import static io.k3j.store.Await.until;

/**
 * A whole k3j in the test JVM (its controller manager running every enabled controller) and an admin client:
 * controller tests create objects and wait for the outcome, as a user would.
 */
public final class CoreControllerServer implements AutoCloseable {

    public static final ObjectMapper M = new ObjectMapper();
    public static final Duration WAIT = Duration.ofSeconds(60);
    public static final WriteOptions TEST = WriteOptions.manager("test");

    public final InProcessServer server;
    public final Vertx vertx;
    public final HttpKubeClient client;

    private CoreControllerServer(InProcessServer server) {
        this.server = server;
        this.vertx = Vertx.vertx();
        this.client = server.adminClient(vertx);
    }

    public static CoreControllerServer start(Path dir, String... args) {
        return new CoreControllerServer(InProcessServer.start(dir, args));
    }

    public ObjectNode createNamespace(String name) {
        ObjectNode ns = M.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        ObjectNode created = create(new GroupVersionResource("", "v1", "namespaces"), "", ns);
        // Pods need the namespace's default ServiceAccount, which the serviceaccount controller adds; admission only
        // waits about 1.5 s for it (as upstream), which a loaded test machine can exceed.
        io.k3j.store.Await.until("the default service account of " + name, java.time.Duration.ofSeconds(60),
                () -> getOrNull(new GroupVersionResource("", "v1", "serviceaccounts"), name, "default") != null);
        return created;
    }

    /** Creates; a request the server never answered is sent again (an "already exists" then means the first made it). */
    public ObjectNode create(GroupVersionResource r, String namespace, ObjectNode obj) {
        try {
            return await(client.create(r, namespace, obj, TEST));
        } catch (KubeApiException e) {
            if (e.code() != 0) {
                throw e;
            }
            try {
                return await(client.create(r, namespace, obj, TEST));
            } catch (KubeApiException again) {
                if (!again.alreadyExists()) {
                    throw again;
                }
                return getOrNull(r, namespace, obj.path("metadata").path("name").asText());
            }
        }
    }

    /** The object, or null when it does not exist. */
    public ObjectNode getOrNull(GroupVersionResource r, String namespace, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return await(client.get(r, namespace, name));
            } catch (KubeApiException e) {
                if (e.notFound()) {
                    return null;
                }
                if (e.code() != 0 || attempt == 3) {
                    throw e;
                }
                // no answer (the client's idle timeout): ask again
            }
        }
    }

    public ObjectNode waitFor(String what, GroupVersionResource r, String namespace, String name, Predicate<ObjectNode> ok) {
        ObjectNode[] last = new ObjectNode[1];
        poll(what, () -> {
            last[0] = getOrNull(r, namespace, name);
            return last[0] != null && ok.test(last[0]);
        });
        return last[0];
    }

    public void waitGone(GroupVersionResource r, String namespace, String name) {
        poll(r.resource() + " " + namespace + "/" + name + " gone", () -> getOrNull(r, namespace, name) == null);
    }

    /** Waits for a condition that asks the server: every 50 ms rather than Await's 5, to keep the request rate sane. */
    public static void poll(String what, java.util.function.BooleanSupplier condition) {
        until(what, WAIT, () -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
    }

    public List<ObjectNode> list(GroupVersionResource r, String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        await(client.list(r, namespace, ListOptions.NONE)).path("items").forEach(i -> out.add((ObjectNode) i));
        return out;
    }

    /** Deletes; a request the server never answered is sent again ("not found" then means the first made it). */
    public void delete(GroupVersionResource r, String namespace, String name, DeleteOptions opts) {
        try {
            await(client.delete(r, namespace, name, opts));
        } catch (KubeApiException e) {
            if (e.code() != 0) {
                throw e;
            }
            try {
                await(client.delete(r, namespace, name, opts));
            } catch (KubeApiException again) {
                if (!again.notFound()) {
                    throw again;
                }
            }
        }
    }

    /** Deletes a namespace the test made (and waits for it to go, which the namespace controller makes happen). */
    public void deleteNamespace(String name) {
        GroupVersionResource ns = new GroupVersionResource("", "v1", "namespaces");
        try {
            delete(ns, "", name, DeleteOptions.DEFAULT);
        } catch (KubeApiException e) {
            if (!e.notFound()) {
                throw e;
            }
        }
        waitGone(ns, "", name);
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
        server.close();
    }
}
