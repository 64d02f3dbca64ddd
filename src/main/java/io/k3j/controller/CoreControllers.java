package io.k3j.controller;

import io.k3j.config.ServerConfig;
import io.k3j.controller.gc.GarbageCollector;
import io.k3j.controller.ipam.NodeIpamController;
import io.k3j.controller.namespace.NamespaceController;
import io.k3j.controller.podgc.PodGcController;
import io.k3j.controller.rootca.RootCaPublisher;
import io.k3j.controller.serviceaccount.ServiceAccountController;
import io.k3j.controller.ttl.TtlAfterFinishedController;

import java.util.List;

/** The cluster-housekeeping controllers (namespaces, garbage collection, defaults per namespace, pod GC, TTL, IPAM, disruption budgets, quota usage, PV binding). */
public final class CoreControllers {

    private CoreControllers() {
    }

    /** Fresh instances, in upstream's names. */
    public static List<Controller> all(ServerConfig config) {
        return List.of(new NamespaceController(), new GarbageCollector(), new ServiceAccountController(),
                new RootCaPublisher(), PodGcController.fromConfig(config), new TtlAfterFinishedController(),
                new NodeIpamController(), new io.k3j.controller.disruption.DisruptionController(),
                io.k3j.controller.quota.ResourceQuotaController.fromConfig(config),
                new io.k3j.controller.volume.PersistentVolumeBinder());
    }
}
