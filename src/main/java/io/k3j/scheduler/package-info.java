/**
 * The scheduling algorithm, as a pure library (no verticle, no I/O): {@link io.k3j.scheduler.cache.ClusterSnapshot}
 * (nodes, placed pods, assume/forget), {@link io.k3j.scheduler.SchedulingQueue} (activeQ, back-off, unschedulable
 * pods), and {@link io.k3j.scheduler.Scheduler#schedule} (upstream's default profile: filters, scores, preemption,
 * FailedScheduling text). See docs/scheduler.md for how a verticle wires them to informers and pods/binding.
 */
package io.k3j.scheduler;
