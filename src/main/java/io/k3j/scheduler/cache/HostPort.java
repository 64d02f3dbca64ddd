package io.k3j.scheduler.cache;

/** A host port a container claims: host IP ("0.0.0.0" when unset), protocol ("TCP" when unset) and port. */
public record HostPort(String ip, String protocol, int port) {

    public static final String ALL_IPS = "0.0.0.0";

    public HostPort {
        ip = ip == null || ip.isEmpty() ? ALL_IPS : ip;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    /** Two claims collide on the same protocol and port when either binds all addresses or both bind the same one. */
    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(ALL_IPS) || other.ip.equals(ALL_IPS) || ip.equals(other.ip));
    }
}
