package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;

/** Test pods written as JSON, the shape the API server hands admission. */
final class Pods {

    private Pods() {
    }

    /** JSON with single quotes for readability; the caller picks object or array. */
    @SuppressWarnings("unchecked")
    static <T extends JsonNode> T json(String text) {
        try {
            return (T) Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A pod that passes restricted:latest; tests break exactly one thing in it. */
    static ObjectNode restrictedPod() {
        return json("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'ns'},
                 'spec':{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'}},
                  'containers':[{'name':'c','image':'nginx','securityContext':
                    {'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}]}}""");
    }

    /** A pod with nothing set: the classic pod that passes baseline and fails restricted four times. */
    static ObjectNode barePod() {
        return json("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'ns'},
                 'spec':{'containers':[{'name':'c','image':'nginx'}]}}""");
    }

    static ObjectNode spec(JsonNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    static ObjectNode container(JsonNode pod) {
        return (ObjectNode) pod.get("spec").get("containers").get(0);
    }

    static ObjectNode securityContext(JsonNode container) {
        return ((ObjectNode) container).withObject("securityContext");
    }
}
