package io.k3j.apiserver.services;

import io.k3j.config.Cidr;
import io.k3j.config.PortRange;

/**
 * The service network settings the API server allocates from: {@code --service-cidr} and
 * {@code --service-node-port-range}.
 */
public record ServiceNetwork(Cidr serviceCidr, PortRange nodePorts) {
}
