package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EndpointSlices (discovery.k8s.io/v1) for every Service with a selector, one set per IP family of the Service
 * (addressType IPv4 and IPv6 for a dual-stack one, each with the pods' addresses of that family, as upstream's
 * reconciler per address type; slices of a family the Service no longer has are deleted): endpoints with ready/serving/
 * terminating conditions, nodeName, targetRef and hostname, grouped by their resolved port list into slices of at
 * most 100, labelled {@code kubernetes.io/service-name} and {@code endpointslice.kubernetes.io/managed-by:
 * endpointslice-controller.k8s.io} and owned by the Service (so deleting it takes them along). Existing slices are
 * reused in order, so an unchanged Service writes nothing.
 */
public final class EndpointSliceController extends ServiceController {

    static final String COMPONENT = "endpointslice-controller";
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGER = "endpointslice-controller.k8s.io";
    static final int MAX_PER_SLICE = 100;
    private static final String BY_SERVICE = "workload/slice-service";

    private Informer slices;

    @Override
    public String name() {
        return "endpointslice";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected Informer output(Informers informers) {
        slices = informers.of(Resources.ENDPOINT_SLICES).addIndexer(BY_SERVICE, s -> {
            String svc = Meta.labels(s).get(SERVICE_NAME);
            return svc == null || !MANAGER.equals(Meta.labels(s).get(MANAGED_BY)) ? List.of()
                    : List.of(Informer.key(Meta.namespace(s), svc));
        });
        slices.addHandler(new Informer.Handler() {
            @Override
            public void onDelete(ObjectNode s) {
                String svc = Meta.labels(s).get(SERVICE_NAME);
                if (svc != null && MANAGER.equals(Meta.labels(s).get(MANAGED_BY))) {
                    queue.add(Informer.key(Meta.namespace(s), svc));
                }
            }
        });
        return slices;
    }

    @Override
    protected void sync(String key) {
        if (apiServerService(key)) {
            return;
        }
        ObjectNode svc = services.get(key);
        if (svc == null || !ServiceEndpoints.hasSelector(svc) || Meta.deleting(svc)) {
            return; // the garbage collector removes the slices of a deleted Service (they are owned by it)
        }
        List<ObjectNode> existing = new ArrayList<>(slices.byIndex(BY_SERVICE, key));
        existing.removeIf(s -> Meta.deleting(s) || !OwnerRefs.controlledBy(s, svc));
        existing.sort(java.util.Comparator.comparing(Meta::name));
        List<ObjectNode> inNamespace = Indexes.inNamespace(pods, Meta.namespace(svc));
        List<ObjectNode> desired = new ArrayList<>();
        for (String family : ServiceEndpoints.families(svc)) {
            desired.addAll(desired(svc, ServiceEndpoints.of(svc, inNamespace, true, family), family));
        }
        List<ObjectNode> unused = new ArrayList<>(existing);
        for (ObjectNode want : desired) {
            ObjectNode match = null;
            for (ObjectNode s : unused) {
                if (s.path("addressType").equals(want.path("addressType")) && Meta.semanticEquals(s.path("ports"), want.path("ports"))) {
                    match = s;
                    break;
                }
            }
            if (match == null) {
                await(client.create(Resources.ENDPOINT_SLICES, Meta.namespace(svc), want, WriteOptions.manager(COMPONENT)));
                continue;
            }
            unused.remove(match);
            if (Meta.semanticEquals(match.path("endpoints"), want.path("endpoints"))
                    && Meta.semanticEquals(match.path("metadata").path("labels"), want.path("metadata").path("labels"))) {
                continue;
            }
            ObjectNode update = match.deepCopy();
            update.set("endpoints", want.get("endpoints"));
            ((ObjectNode) update.get("metadata")).set("labels", want.path("metadata").get("labels"));
            await(client.update(Resources.ENDPOINT_SLICES, Meta.namespace(svc), update, WriteOptions.manager(COMPONENT)));
        }
        for (ObjectNode s : unused) {
            try {
                await(client.delete(Resources.ENDPOINT_SLICES, Meta.namespace(s), Meta.name(s), DeleteOptions.DEFAULT));
            } catch (RuntimeException e) {
                if (!notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * The slices of one address type a Service should have: one group per port list, at most 100 endpoints each
     * (one empty slice if none, as upstream keeps a placeholder per address type).
     */
    static List<ObjectNode> desired(JsonNode svc, List<ServiceEndpoints.Endpoint> endpoints, String addressType) {
        Map<String, List<ServiceEndpoints.Endpoint>> groups = new LinkedHashMap<>();
        for (ServiceEndpoints.Endpoint e : endpoints) {
            groups.computeIfAbsent(e.portKey(), k -> new ArrayList<>()).add(e);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (List<ServiceEndpoints.Endpoint> group : groups.values()) {
            for (int i = 0; i < group.size(); i += MAX_PER_SLICE) {
                List<ServiceEndpoints.Endpoint> chunk = group.subList(i, Math.min(group.size(), i + MAX_PER_SLICE));
                out.add(slice(svc, chunk, chunk.getFirst().ports(), addressType));
            }
        }
        if (out.isEmpty()) {
            out.add(slice(svc, List.of(), List.of(), addressType));
        }
        return out;
    }

    private static ObjectNode slice(JsonNode svc, List<ServiceEndpoints.Endpoint> chunk, List<ObjectNode> ports,
                                    String addressType) {
        ObjectNode s = Meta.MAPPER.createObjectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        ObjectNode meta = s.putObject("metadata");
        meta.put("generateName", PodControl.prefix(Meta.name(svc))).put("namespace", Meta.namespace(svc));
        ObjectNode labels = meta.putObject("labels");
        Meta.labels(svc).forEach((k, v) -> {
            if (!k.equals(SERVICE_NAME) && !k.equals(MANAGED_BY)) {
                labels.put(k, v);
            }
        });
        labels.put(SERVICE_NAME, Meta.name(svc)).put(MANAGED_BY, MANAGER);
        if (ServiceEndpoints.headless(svc)) {
            labels.put("service.kubernetes.io/headless", "");
        }
        meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(svc));
        s.put("addressType", addressType);
        ArrayNode eps = s.putArray("endpoints");
        for (ServiceEndpoints.Endpoint e : chunk) {
            ObjectNode ep = eps.addObject();
            ep.putArray("addresses").add(e.ip());
            ep.putObject("conditions").put("ready", e.ready()).put("serving", e.serving()).put("terminating", e.terminating());
            String host = ServiceEndpoints.hostname(svc, e.pod());
            if (host != null) {
                ep.put("hostname", host);
            }
            ep.set("targetRef", ServiceEndpoints.targetRef(e.pod()));
            if (!Pods.nodeName(e.pod()).isEmpty()) {
                ep.put("nodeName", Pods.nodeName(e.pod()));
            }
        }
        ArrayNode p = s.putArray("ports");
        for (ObjectNode x : ports) {
            ObjectNode port = x.deepCopy();
            if (!port.has("name")) {
                port.put("name", ""); // as upstream's controller (and the API's defaulting) writes an unnamed port
            }
            p.add(port);
        }
        return s;
    }
}
