/**
 * PersistentVolume binding rules shared by the persistent-volume binder (io.k3j.controller.volume) and the
 * scheduler's VolumeBinding plugin (io.k3j.scheduler.volume): parsed views of PVs, claims and StorageClasses, the
 * annotations both sides write, and upstream's matching (class, capacity, access modes, volume mode, label selector,
 * node affinity; the smallest fitting volume). Pure functions over Jackson trees, no I/O.
 */
package io.k3j.volume;
