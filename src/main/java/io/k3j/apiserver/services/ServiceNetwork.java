package io.k3j.apiserver.services;

import io.k3j.config.Cidr;
import io.k3j.config.CidrList;
import io.k3j.config.PortRange;

/**
 * The service network settings the API server allocates from: {@code --service-cidr} (one network, or two of
 * different families for dual-stack, the first the primary) and {@code --service-node-port-range}.
 */
public record ServiceNetwork(CidrList serviceCidr, PortRange nodePorts) {

    /** A single-stack service network. */
    public ServiceNetwork(Cidr serviceCidr, PortRange nodePorts) {
        this(CidrList.of(serviceCidr), nodePorts);
    }
}
