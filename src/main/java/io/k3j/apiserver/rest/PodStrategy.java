package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.quota.QosClass;

/**
 * Pods, as upstream's pod strategy prepares them: a new pod starts Pending with its QoS class computed from the
 * defaulted containers (and, while it has scheduling gates, a PodScheduled=False/SchedulingGated condition); the QoS
 * class never changes afterwards, whatever a status write sends.
 */
final class PodStrategy implements WriteStrategy {

    static final PodStrategy INSTANCE = new PodStrategy();

    private PodStrategy() {
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("pods");
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        prepareForCreate(obj);
    }

    static void prepareForCreate(ObjectNode pod) {
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending").put("qosClass", QosClass.of(pod).name());
        JsonNode gates = pod.path("spec").path("schedulingGates");
        if (gates.isArray() && !gates.isEmpty()) {
            status.putArray("conditions").addObject().put("type", "PodScheduled").put("status", "False")
                    .put("lastProbeTime", (String) null).put("lastTransitionTime", (String) null)
                    .put("reason", "SchedulingGated").put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        String qos = old.path("status").path("qosClass").asText("");
        if (!qos.isEmpty() && obj.get("status") instanceof ObjectNode status) {
            status.put("qosClass", qos);
        }
    }
}
