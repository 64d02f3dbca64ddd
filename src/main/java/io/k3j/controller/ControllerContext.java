package io.k3j.controller;

import io.k3j.client.Informers;
import io.k3j.client.KubeClient;
import io.k3j.config.PodNetwork;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;

/**
 * What every controller gets: Vert.x, the shared informers, the client (as system:kube-controller-manager), an
 * event recorder, a clock (injectable for tests) and the cluster settings controllers need.
 */
public record ControllerContext(Vertx vertx, Informers informers, KubeClient client, Clock clock, String host,
                                Settings settings) {

    /** A recorder that signs Events as {@code component} (upstream names them "deployment-controller" etc.). */
    public EventRecorder recorder(String component) {
        return new EventRecorder(client, component, host, clock);
    }

    /**
     * Cluster settings some controllers need: the pod network per family, primary first (node IPAM), and the root
     * CA (root CA publishing).
     */
    public record Settings(List<PodNetwork> podNetworks, String rootCaPem) {
        public Settings {
            podNetworks = List.copyOf(podNetworks);
        }
    }
}
