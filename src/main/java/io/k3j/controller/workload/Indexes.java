package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;

import java.util.List;

/** Informer indexes the workload controllers share (same name, same function, so registering twice is harmless). */
final class Indexes {

    static final String NAMESPACE = "workload/namespace";
    static final String CONTROLLER = "workload/controller-uid";
    static final String NODE = "workload/node-name";

    private Indexes() {
    }

    static Informer namespaced(Informer inf) {
        return inf.addIndexer(NAMESPACE, o -> List.of(Meta.namespace(o)));
    }

    static Informer owned(Informer inf) {
        return namespaced(inf).addIndexer(CONTROLLER, OwnerRefs::controllerUidIndex);
    }

    static Informer pods(Informer inf) {
        return owned(inf).addIndexer(NODE, o -> List.of(Pods.nodeName(o)));
    }

    static List<ObjectNode> inNamespace(Informer inf, String namespace) {
        return inf.byIndex(NAMESPACE, namespace);
    }

    static List<ObjectNode> controlledBy(Informer inf, String uid) {
        return inf.byIndex(CONTROLLER, uid);
    }
}
