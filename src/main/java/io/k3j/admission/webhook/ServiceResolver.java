package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.vertx.core.Future;

import java.net.URI;

/**
 * Resolves a webhook's {@code clientConfig.service} to an address. The URL (and so the TLS server name the webhook's
 * certificate must carry) is upstream's {@code https://<name>.<namespace>.svc:<port><path>}. The connection goes to
 * the first ready address of the Service's Endpoints for that port, as kube-apiserver does with
 * {@code --enable-aggregator-routing}: k3j's control plane has no kube-proxy in front of ClusterIPs. A Service without
 * endpoints falls back to its ClusterIP.
 */
final class ServiceResolver {

    private final AdmissionLookup lookup;

    ServiceResolver(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    Future<Endpoint> resolve(WebhookSpec.ClientConfig c) {
        if (!c.isService()) {
            try {
                return Future.succeededFuture(Endpoint.direct(URI.create(c.url())));
            } catch (IllegalArgumentException e) {
                return Future.failedFuture(new WebhookCallFailure("invalid url: " + e.getMessage()));
            }
        }
        String path = c.servicePath().isEmpty() ? "" : c.servicePath().startsWith("/") ? c.servicePath() : "/" + c.servicePath();
        URI url = URI.create("https://" + c.serviceName() + "." + c.serviceNamespace() + ".svc:" + c.servicePort() + path);
        String svcKey = c.serviceNamespace() + "/" + c.serviceName();
        return lookup.get("", "services", c.serviceNamespace(), c.serviceName()).compose(svc -> {
            if (svc == null) {
                return Future.failedFuture(new WebhookCallFailure("service \"" + c.serviceName() + "\" not found"));
            }
            JsonNode port = servicePort(svc, c.servicePort());
            if (port == null) {
                return Future.failedFuture(new WebhookCallFailure("no service port " + c.servicePort()
                        + " found for service \"" + svcKey + "\""));
            }
            return lookup.get("", "endpoints", c.serviceNamespace(), c.serviceName()).map(eps -> {
                Endpoint viaEndpoints = endpointAddress(eps, port, url);
                if (viaEndpoints != null) {
                    return viaEndpoints;
                }
                String clusterIp = svc.path("spec").path("clusterIP").asText("");
                if (clusterIp.isEmpty() || clusterIp.equals("None")) {
                    throw new WebhookCallFailure("service \"" + svcKey + "\" has no endpoints and no ClusterIP");
                }
                return new Endpoint(url, clusterIp, c.servicePort());
            });
        });
    }

    private static JsonNode servicePort(ObjectNode svc, int port) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                return p;
            }
        }
        return null;
    }

    /** The first ready address of the subset port with the service port's name (or the only port when unnamed). */
    private static Endpoint endpointAddress(ObjectNode eps, JsonNode servicePort, URI url) {
        if (eps == null) {
            return null;
        }
        String name = servicePort.path("name").asText("");
        for (JsonNode subset : eps.path("subsets")) {
            JsonNode address = subset.path("addresses").path(0);
            if (address.isMissingNode()) {
                continue;
            }
            for (JsonNode p : subset.path("ports")) {
                if (p.path("name").asText("").equals(name)) {
                    return new Endpoint(url, address.path("ip").asText(), p.path("port").asInt());
                }
            }
        }
        return null;
    }
}
