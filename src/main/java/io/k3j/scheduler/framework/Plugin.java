package io.k3j.scheduler.framework;

import java.util.Set;

/** A scheduling plugin. It takes part in the extension points whose interfaces it implements. */
public interface Plugin {

    /** Upstream's plugin name (reported in diagnoses and used to pick queue events). */
    String name();

    /**
     * Cluster events that may make a pod this plugin rejected schedulable; the queue retries such pods only on
     * these (upstream's EventsToRegister). Empty means "none can help".
     */
    Set<ClusterEvent> events();
}
