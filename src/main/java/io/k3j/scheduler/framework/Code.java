package io.k3j.scheduler.framework;

/** A plugin's verdict, with upstream's meanings. */
public enum Code {
    SUCCESS,
    /** Something broke (not the pod's fault); the cycle fails with an error. */
    ERROR,
    /** The node does not fit now; preemption may help. */
    UNSCHEDULABLE,
    /** The node does not fit and evicting pods would not change that; preemption skips it. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** From PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score are not run. */
    SKIP
}
