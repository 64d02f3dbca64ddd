package io.k3j.admission.webhook;

import java.net.URI;

/**
 * Where a webhook call goes: the URL upstream would post to (also the server name TLS verifies), and the address
 * actually connected to, which differs for a Service (resolved to an endpoint address, see {@link ServiceResolver}).
 */
record Endpoint(URI url, String connectHost, int connectPort) {

    static Endpoint direct(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
        return new Endpoint(url, url.getHost(), port);
    }

    /** "host:port" as Go prints the dialled address. */
    String dialAddress() {
        String host = connectHost.contains(":") ? "[" + connectHost + "]" : connectHost;
        return host + ":" + connectPort;
    }
}
