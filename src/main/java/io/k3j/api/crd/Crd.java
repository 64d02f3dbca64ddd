package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CustomResourceDefinition object, parsed for what the server needs to serve and manage it.
 *
 * @param json the object as stored (not modified by this record)
 */
public record Crd(String name, String group, boolean namespaced, CrdNames names, CrdNames acceptedNames,
                  List<CrdVersion> versions, boolean deleting, List<String> finalizers, JsonNode json) {

    /** The finalizer that makes deleting a CRD delete its custom resources first. */
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    public Crd {
        versions = List.copyOf(versions);
        finalizers = List.copyOf(finalizers);
    }

    public static Crd parse(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        List<CrdVersion> versions = new ArrayList<>();
        spec.path("versions").forEach(v -> versions.add(CrdVersion.from(v)));
        return new Crd(crd.path("metadata").path("name").asText(""), spec.path("group").asText(""),
                !"Cluster".equals(spec.path("scope").asText("")), CrdNames.from(spec.path("names")),
                CrdNames.from(crd.path("status").path("acceptedNames")), versions,
                crd.path("metadata").has("deletionTimestamp"), CrdNames.strings(crd.path("metadata").path("finalizers")),
                crd);
    }

    public Optional<CrdVersion> storageVersion() {
        return versions.stream().filter(CrdVersion::storage).findFirst();
    }

    public Optional<CrdVersion> version(String name) {
        return versions.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** Whether the condition of this type has status True. */
    public boolean condition(String type) {
        for (JsonNode c : json.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    public boolean established() {
        return condition("Established");
    }
}
