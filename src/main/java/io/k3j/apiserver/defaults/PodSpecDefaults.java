package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

import static io.k3j.apiserver.defaults.Fields.bool;
import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * upstream's defaults of a pod spec, in its two flavours: every pod template (Deployment, ReplicaSet, Job, ...) gets
 * SetDefaults_PodSpec with its volumes and containers; a Pod also gets SetDefaults_Pod (requests from limits,
 * enableServiceLinks, host ports under hostNetwork), which upstream keeps out of templates on purpose.
 */
final class PodSpecDefaults {

    private PodSpecDefaults() {
    }

    /** A Pod object: its spec as a pod's. */
    static void pod(ObjectNode pod) {
        ObjectNode spec = object(pod, "spec");
        podOnly(spec);
        spec(spec);
    }

    /** The pod template at {@code parent.template} (a workload's spec), when there is one. */
    static void template(ObjectNode parent) {
        ifObject(parent, "template", t -> spec(object(t, "spec")));
    }

    /** SetDefaults_PodSpec and everything under it. */
    static void spec(ObjectNode spec) {
        text(spec, "dnsPolicy", "ClusterFirst");
        text(spec, "restartPolicy", "Always");
        object(spec, "securityContext");
        number(spec, "terminationGracePeriodSeconds", 30);
        text(spec, "schedulerName", "default-scheduler");
        eachObject(spec, "volumes", VolumeDefaults::volume);
        eachObject(spec, "initContainers", ContainerDefaults::container);
        eachObject(spec, "containers", ContainerDefaults::container);
        eachObject(spec, "ephemeralContainers", ContainerDefaults::container);
    }

    /** What SetDefaults_Pod adds for Pods only. */
    private static void podOnly(ObjectNode spec) {
        eachObject(spec, "containers", PodSpecDefaults::requestsFromLimits);
        eachObject(spec, "initContainers", PodSpecDefaults::requestsFromLimits);
        bool(spec, "enableServiceLinks", true);
        if (spec.path("hostNetwork").asBoolean(false)) {
            eachObject(spec, "containers", PodSpecDefaults::hostPorts);
            eachObject(spec, "initContainers", PodSpecDefaults::hostPorts);
        }
    }

    /** A limit with no request of the same resource makes that request: the container asks for what it may use. */
    private static void requestsFromLimits(ObjectNode c) {
        JsonNode limits = c.path("resources").path("limits");
        if (!limits.isObject() || limits.isEmpty()) {
            return;
        }
        ObjectNode requests = object(object(c, "resources"), "requests");
        for (Iterator<Map.Entry<String, JsonNode>> it = limits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static void hostPorts(ObjectNode c) {
        eachObject(c, "ports", p -> {
            if (p.path("hostPort").asInt(0) == 0 && p.has("containerPort")) {
                p.set("hostPort", p.get("containerPort").deepCopy());
            }
        });
    }
}
