package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.positive;
import static io.k3j.apiserver.defaults.Fields.text;

/**
 * The API server's own configuration kinds: PriorityClass (scheduling.k8s.io), the flow-control kinds
 * (flowcontrol.apiserver.k8s.io) and APIService (apiregistration.k8s.io).
 */
final class ControlPlaneDefaults {

    private ControlPlaneDefaults() {
    }

    static void scheduling(String resource, ObjectNode obj) {
        if (resource.equals("priorityclasses")) {
            text(obj, "preemptionPolicy", "PreemptLowerPriority");
        }
    }

    static void apiRegistration(String resource, ObjectNode obj) {
        if (resource.equals("apiservices")) {
            ifObject(object(obj, "spec"), "service", s -> number(s, "port", 443));
        }
    }

    static void flowControl(String resource, ObjectNode obj) {
        switch (resource) {
            case "flowschemas" -> positive(object(obj, "spec"), "matchingPrecedence", 1000);
            case "prioritylevelconfigurations" -> priorityLevel(object(obj, "spec"));
            default -> {
            }
        }
    }

    private static void priorityLevel(ObjectNode spec) {
        ifObject(spec, "exempt", exempt -> {
            number(exempt, "nominalConcurrencyShares", 0);
            number(exempt, "lendablePercent", 0);
        });
        ifObject(spec, "limited", limited -> {
            number(limited, "nominalConcurrencyShares", 30);
            number(limited, "lendablePercent", 0);
            ifObject(limited, "limitResponse", r -> ifObject(r, "queuing", q -> {
                positive(q, "queues", 64);
                positive(q, "handSize", 8);
                positive(q, "queueLengthLimit", 50);
            }));
        });
    }

    /** Both webhook configurations' webhooks, and the rules and service references inside them. */
    static void admissionRegistration(String resource, ObjectNode obj) {
        switch (resource) {
            case "validatingwebhookconfigurations" -> eachObject(obj, "webhooks", w -> webhook(w, false));
            case "mutatingwebhookconfigurations" -> eachObject(obj, "webhooks", w -> webhook(w, true));
            case "validatingadmissionpolicies" -> {
                ObjectNode spec = object(obj, "spec");
                text(spec, "failurePolicy", "Fail");
                ifObject(spec, "matchConstraints", ControlPlaneDefaults::matchResources);
            }
            case "validatingadmissionpolicybindings" ->
                    ifObject(object(obj, "spec"), "matchResources", ControlPlaneDefaults::matchResources);
            default -> {
            }
        }
    }

    private static void webhook(ObjectNode w, boolean mutating) {
        text(w, "failurePolicy", "Fail");
        text(w, "matchPolicy", "Equivalent");
        object(w, "namespaceSelector");
        object(w, "objectSelector");
        number(w, "timeoutSeconds", 10);
        if (mutating) {
            text(w, "reinvocationPolicy", "Never");
        }
        eachObject(w, "rules", r -> text(r, "scope", "*"));
        ifObject(w, "clientConfig", c -> ifObject(c, "service", s -> number(s, "port", 443)));
    }

    private static void matchResources(ObjectNode m) {
        text(m, "matchPolicy", "Equivalent");
        object(m, "namespaceSelector");
        object(m, "objectSelector");
        eachObject(m, "resourceRules", r -> text(r, "scope", "*"));
        eachObject(m, "excludeResourceRules", r -> text(r, "scope", "*"));
    }
}
