package io.k3j.scheduler;

/** Test access to package-private Scheduler arithmetic. */
public final class SchedulerAccess {

    private SchedulerAccess() {
    }

    public static int numFeasibleNodesToFind(int nodes, int percentage) {
        return Scheduler.numFeasibleNodesToFind(nodes, percentage);
    }
}
