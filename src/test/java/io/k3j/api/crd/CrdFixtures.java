package io.k3j.api.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** A CRD to start tests from: two versions, status and scale subresources, printer columns. */
final class CrdFixtures {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static final String CRONTABS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: crontabs.stable.example.com, resourceVersion: "5"}
            spec:
              group: stable.example.com
              scope: Namespaced
              names: {plural: crontabs, singular: crontab, kind: CronTab, listKind: CronTabList, shortNames: [ct]}
              versions:
              - name: v1beta1
                served: true
                storage: false
                deprecated: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
                additionalPrinterColumns:
                - {name: Spec, type: string, jsonPath: .spec.cronSpec}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          cronSpec: {type: string}
                          replicas: {type: integer, default: 1}
              - name: v2alpha1
                served: false
                storage: false
                schema:
                  openAPIV3Schema: {type: object}
            """;

    private CrdFixtures() {
    }

    static ObjectNode crontabs() {
        return yaml(CRONTABS);
    }

    static ObjectNode yaml(String text) {
        try {
            return (ObjectNode) YAML.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
