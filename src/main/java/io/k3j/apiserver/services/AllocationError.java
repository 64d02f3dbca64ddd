package io.k3j.apiserver.services;

/**
 * Why an allocator refused, with upstream's text ({@code range is full}, {@code provided IP is already allocated},
 * ...): the service write turns it into the Status the client sees.
 */
final class AllocationError extends RuntimeException {

    enum Kind { FULL, ALLOCATED, NOT_IN_RANGE }

    private final Kind kind;

    private AllocationError(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static AllocationError full() {
        return new AllocationError(Kind.FULL, "range is full");
    }

    static AllocationError ipAllocated() {
        return new AllocationError(Kind.ALLOCATED, "provided IP is already allocated");
    }

    static AllocationError portAllocated() {
        return new AllocationError(Kind.ALLOCATED, "provided port is already allocated");
    }

    static AllocationError ipNotInRange(String ip, IpRange range) {
        return new AllocationError(Kind.NOT_IN_RANGE, "the provided IP (" + ip + ") is not in the valid range. "
                + "The range of valid IPs is " + range);
    }

    static AllocationError portNotInRange(io.k3j.config.PortRange range) {
        return new AllocationError(Kind.NOT_IN_RANGE, "provided port is not in the valid range. The range of valid ports is "
                + range);
    }
}
