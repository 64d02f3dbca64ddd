package io.k3j.pki;

/** The server token (user {@code server}) and the agent token (user {@code node}, or the server token). */
public record Tokens(ClusterToken server, ClusterToken agent) {

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "Tokens[server=" + server.username() + ":***, agent=" + agent.username() + ":***]";
    }
}
