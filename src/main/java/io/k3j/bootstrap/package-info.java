/**
 * The cluster's bootstrap data: the CAs, service-account key, agent token and encryption keys that every server on
 * a shared datastore must hold, sealed with the server token and exchanged through the datastore at start
 * ({@link io.k3j.bootstrap.BootstrapExchange}). See docs/ha.md.
 */
package io.k3j.bootstrap;
