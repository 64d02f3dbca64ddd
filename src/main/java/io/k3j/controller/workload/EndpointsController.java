package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.WriteOptions;

import java.util.List;
import java.util.Map;

/**
 * The legacy Endpoints object of every Service with a selector: ready addresses and notReadyAddresses (all ready with
 * publishNotReadyAddresses; terminating pods left out), ports resolved per pod, grouped into subsets by port list. The
 * Endpoints of a deleted Service is deleted; Services without a selector (and default/kubernetes) are not touched.
 */
public final class EndpointsController extends ServiceController {

    static final String COMPONENT = "endpoint-controller";
    private Informer endpoints;

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected Informer output(Informers informers) {
        endpoints = informers.of(Resources.ENDPOINTS);
        endpoints.addHandler(new Informer.Handler() {
            @Override
            public void onDelete(ObjectNode ep) {
                queue.add(Meta.key(ep)); // recreate what someone deleted
            }
        });
        return endpoints;
    }

    @Override
    protected void sync(String key) {
        if (apiServerService(key)) {
            return;
        }
        ObjectNode svc = services.get(key);
        ObjectNode current = endpoints.get(key);
        if (svc == null) {
            if (current != null && Meta.annotation(current, "control-plane.alpha.kubernetes.io/leader") == null) {
                delete(current);
            }
            return;
        }
        if (!ServiceEndpoints.hasSelector(svc) || Meta.deleting(svc)) {
            return;
        }
        List<ServiceEndpoints.Endpoint> eps = ServiceEndpoints.of(svc, Indexes.inNamespace(pods, Meta.namespace(svc)), false);
        ArrayNode subsets = ServiceEndpoints.subsets(svc, eps);
        ObjectNode labels = Meta.MAPPER.createObjectNode();
        Map<String, String> svcLabels = Meta.labels(svc);
        svcLabels.forEach(labels::put);
        if (ServiceEndpoints.headless(svc)) {
            labels.put("service.kubernetes.io/headless", "");
        }
        if (current != null && Meta.semanticEquals(current.path("subsets"), subsets)
                && Meta.semanticEquals(current.path("metadata").path("labels"), labels)) {
            return;
        }
        ObjectNode ep = current != null ? current.deepCopy() : Meta.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Endpoints");
        ObjectNode meta = Meta.obj(ep, "metadata");
        meta.put("name", Meta.name(svc)).put("namespace", Meta.namespace(svc));
        meta.set("labels", labels);
        Meta.obj(meta, "annotations").put("endpoints.kubernetes.io/last-change-trigger-time", Meta.format(now()));
        if (subsets.isEmpty()) {
            ep.remove("subsets");
        } else {
            ep.set("subsets", subsets);
        }
        if (current == null) {
            await(client.create(Resources.ENDPOINTS, Meta.namespace(svc), ep, WriteOptions.manager(COMPONENT)));
        } else {
            await(client.update(Resources.ENDPOINTS, Meta.namespace(svc), ep, WriteOptions.manager(COMPONENT)));
        }
    }

    private void delete(JsonNode ep) {
        try {
            await(client.delete(Resources.ENDPOINTS, Meta.namespace(ep), Meta.name(ep), DeleteOptions.DEFAULT));
        } catch (RuntimeException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }
}
