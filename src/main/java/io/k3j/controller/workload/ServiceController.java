package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.Informers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shared wiring of the Endpoints and EndpointSlice controllers: a Service is synced when it changes, and when a pod
 * it selects (before or after the change) is added, changed or deleted.
 */
abstract class ServiceController extends WorkloadController {

    protected Informer services;
    protected Informer pods;

    /** The informer of what this controller writes (Endpoints or EndpointSlices); re-syncs the Service on changes. */
    protected abstract Informer output(Informers informers);

    @Override
    protected List<Informer> register(Informers informers) {
        services = Indexes.namespaced(informers.of(Resources.SERVICES));
        pods = Indexes.pods(informers.of(Resources.PODS));
        Informer out = output(informers);
        services.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                enqueue(obj);
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                servicesOf(pod).forEach(s -> enqueue(s));
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                    return;
                }
                List<ObjectNode> affected = new ArrayList<>(servicesOf(cur));
                if (!Meta.labels(old).equals(Meta.labels(cur))) {
                    affected.addAll(servicesOf(old));
                }
                affected.forEach(s -> enqueue(s));
            }

            @Override
            public void onDelete(ObjectNode pod) {
                servicesOf(pod).forEach(s -> enqueue(s));
            }
        });
        List<Informer> used = new ArrayList<>(List.of(services, pods));
        if (out != null) {
            used.add(out);
        }
        return used;
    }

    private List<ObjectNode> servicesOf(ObjectNode pod) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode svc : Indexes.inNamespace(services, Meta.namespace(pod))) {
            if (ServiceEndpoints.selects(svc, pod)) {
                out.add(svc);
            }
        }
        return out;
    }

    /** The API server's own endpoints for default/kubernetes are left alone (it has no selector anyway). */
    protected static boolean apiServerService(String key) {
        return "default/kubernetes".equals(key);
    }
}
