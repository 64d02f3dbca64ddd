package io.k3j.api;

import java.util.List;
import java.util.Optional;

/**
 * Everything the API server needs to know to route, discover and describe one resource of one group version.
 *
 * @param verbs         the verbs kube-apiserver lists in discovery, sorted as it sorts them
 * @param modelClass    the fabric8 class the OpenAPI schema is generated from; null for CRDs (schema from the CRD)
 * @param listModelClass the fabric8 list class, null when the resource has no list (create-only reviews, bindings)
 * @param storage       whether objects are persisted in the store (false for reviews, bindings, componentstatuses)
 * @param readOnly      served but never written by clients (componentstatuses)
 * @param custom        for a version served from a CustomResourceDefinition: its schema and behaviour; null for
 *                      built-in resources
 */
public record ResourceDescriptor(
        String group,
        String version,
        String resource,
        String singularName,
        String kind,
        boolean namespaced,
        List<String> verbs,
        List<String> shortNames,
        List<String> categories,
        List<SubresourceDescriptor> subresources,
        Class<?> modelClass,
        String listKind,
        Class<?> listModelClass,
        boolean storage,
        boolean readOnly,
        io.k3j.api.crd.CustomResource custom) {

    public ResourceDescriptor {
        verbs = List.copyOf(verbs);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** A built-in resource (no CRD behind it). */
    public ResourceDescriptor(String group, String version, String resource, String singularName, String kind,
                              boolean namespaced, List<String> verbs, List<String> shortNames, List<String> categories,
                              List<SubresourceDescriptor> subresources, Class<?> modelClass, String listKind,
                              Class<?> listModelClass, boolean storage, boolean readOnly) {
        this(group, version, resource, singularName, kind, namespaced, verbs, shortNames, categories, subresources,
                modelClass, listKind, listModelClass, storage, readOnly, null);
    }

    /** Whether a CustomResourceDefinition serves this resource. */
    public boolean isCustom() {
        return custom != null;
    }

    public GroupVersionKind groupVersionKind() {
        return new GroupVersionKind(group, version, kind);
    }

    public GroupVersionResource groupVersionResource() {
        return new GroupVersionResource(group, version, resource);
    }

    public String apiVersion() {
        return GroupVersionResource.apiVersion(group, version);
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    public Optional<SubresourceDescriptor> subresource(String name) {
        return subresources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
