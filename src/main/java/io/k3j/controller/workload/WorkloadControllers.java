package io.k3j.controller.workload;

import io.k3j.controller.Controller;

import java.util.List;

/** The workload controllers, fresh instances each time (a controller manager regaining leadership starts new ones). */
public final class WorkloadControllers {

    private WorkloadControllers() {
    }

    public static List<Controller> all() {
        return List.of(
                ReplicaSetController.replicaSets(),
                ReplicaSetController.replicationControllers(),
                new DeploymentController(),
                new JobController(),
                new CronJobController(),
                new EndpointsController(),
                new EndpointSliceController(),
                new StatefulSetController(),
                new DaemonSetController());
    }
}
