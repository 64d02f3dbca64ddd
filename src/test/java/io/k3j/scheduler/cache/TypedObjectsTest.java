package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.k3j.apiserver.rest.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TypedObjectsTest {

    @Test
    void aTypedPodLeavesManagedFieldsOutWithoutTouchingTheTree() throws Exception {
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a","labels":{"app":"web"},
                 "managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{"f:containers":{}}}}]},
                 "spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx"}]}}""");
        String before = json.toString();
        Pod pod = TypedObjects.pod(json);
        assertThat(pod.getMetadata().getManagedFields()).isEmpty();
        assertThat(pod.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(pod.getSpec().getNodeName()).isEqualTo("n1");
        assertThat(json.toString()).isEqualTo(before); // a shared cached tree must stay as it was
        assertThat(PodInfo.of(json).nodeName()).isEqualTo("n1");
    }
}
