package io.k3j.client;

import io.k3j.api.GroupVersionResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared informers: one per resource for every controller in the process, so N controllers interested in pods cost
 * one list and one watch, and one copy of the pods (client-go's SharedInformerFactory).
 */
public final class Informers {

    private final Vertx vertx;
    private final KubeClient client;
    private final long resyncMillis;
    private final Map<GroupVersionResource, Informer> informers = new ConcurrentHashMap<>();

    public Informers(Vertx vertx, KubeClient client, long resyncMillis) {
        this.vertx = vertx;
        this.client = client;
        this.resyncMillis = resyncMillis;
    }

    public KubeClient client() {
        return client;
    }

    /** The informer of {@code r} across all namespaces (created on first ask, started by {@link #start()}). */
    public Informer of(GroupVersionResource r) {
        return informers.computeIfAbsent(r, k -> new Informer(vertx, client, k, "", ListOptions.NONE, resyncMillis));
    }

    /** Starts every informer not yet started; completes when all have listed once. */
    public Future<Void> start() {
        List<Future<Void>> all = new ArrayList<>();
        for (Informer i : informers.values()) {
            all.add(i.hasSynced() || started.contains(i) ? i.synced() : startOne(i));
        }
        return Future.all(all).mapEmpty();
    }

    private final java.util.Set<Informer> started = ConcurrentHashMap.newKeySet();

    private Future<Void> startOne(Informer i) {
        started.add(i);
        return i.start();
    }

    public void stop() {
        informers.values().forEach(Informer::stop);
    }
}
