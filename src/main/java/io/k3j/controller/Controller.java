package io.k3j.controller;

/**
 * One controller of the controller manager: it registers informer handlers and a work queue in
 * {@link #start(ControllerContext)}, and reconciles level-triggered from the informers' caches, writing only
 * through the client. State lives in the API, never only in memory, so a restart loses nothing.
 */
public interface Controller {

    /** The upstream controller name (e.g. "namespace", "garbage-collector", "deployment"), used in logs and flags. */
    String name();

    /** Registers handlers and queues. Called on the controller manager's context before informers start. */
    void start(ControllerContext ctx);

    /** Stops queues and timers. */
    default void stop() {
    }
}
