package io.k3j.controller;

import io.k3j.config.ServerConfig;

import java.util.ArrayList;
import java.util.List;

/** The controllers the controller manager runs, in one place: each new controller is added here. */
public final class Controllers {

    private Controllers() {
    }

    /** Fresh instances (a controller manager that regains leadership starts new ones). */
    public static List<Controller> enabled(ServerConfig config) {
        List<Controller> list = new ArrayList<>();
        var args = config.controllerManagerArgs();
        list.add(new io.k3j.controller.node.NodeLifecycleController(args.durationMillis("node-monitor-grace-period", 40_000),
                args.durationMillis("node-monitor-period", 5_000)));
        list.add(new io.k3j.controller.node.TaintEvictionController());
        list.addAll(io.k3j.controller.workload.WorkloadControllers.all());
        list.addAll(CoreControllers.all(config));
        list.add(new io.k3j.controller.rbac.ClusterRoleAggregationController());
        list.addAll(io.k3j.controller.certificates.CertificateControllers.all(config));
        list.add(io.k3j.controller.podautoscaler.HorizontalController.fromConfig(config));
        return list;
    }
}
