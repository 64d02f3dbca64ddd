package io.k3j.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Fluent helper that keeps the built-in catalog readable as a table; also useful for CRD-served resources. */
public final class ResourceBuilder {

    /** The eight verbs of an ordinary persisted resource, in the order discovery lists them. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    public static final List<String> CREATE_ONLY = List.of("create");
    public static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");

    private final String group;
    private final String version;
    private final String resource;
    private final String kind;
    private final Class<?> modelClass;
    private String singular;
    private boolean namespaced = true;
    private List<String> verbs = ALL_VERBS;
    private List<String> shortNames = List.of();
    private List<String> categories = List.of();
    private final List<SubresourceDescriptor> subresources = new ArrayList<>();
    private Class<?> listClass;
    private boolean storage = true;
    private boolean readOnly;
    private String listKind;
    private io.k3j.api.crd.CustomResource custom;

    private ResourceBuilder(String group, String version, String resource, String kind, Class<?> modelClass) {
        this.group = group;
        this.version = version;
        this.resource = resource;
        this.kind = kind;
        this.modelClass = modelClass;
        this.singular = kind.toLowerCase(Locale.ROOT);
    }

    public static ResourceBuilder resource(String group, String version, String resource, String kind, Class<?> modelClass) {
        return new ResourceBuilder(group, version, resource, kind, modelClass);
    }

    public ResourceBuilder cluster() {
        this.namespaced = false;
        return this;
    }

    public ResourceBuilder list(Class<?> listClass) {
        this.listClass = listClass;
        return this;
    }

    public ResourceBuilder verbs(String... verbs) {
        this.verbs = List.of(verbs);
        return this;
    }

    public ResourceBuilder shortNames(String... names) {
        this.shortNames = List.of(names);
        return this;
    }

    public ResourceBuilder categories(String... categories) {
        this.categories = List.of(categories);
        return this;
    }

    public ResourceBuilder singular(String singular) {
        this.singular = singular;
        return this;
    }

    /** Review-style resources: POST only, answered from the request, nothing stored. */
    public ResourceBuilder createOnly() {
        this.verbs = CREATE_ONLY;
        this.storage = false;
        return this;
    }

    public ResourceBuilder notStored() {
        this.storage = false;
        return this;
    }

    public ResourceBuilder readOnly() {
        this.readOnly = true;
        this.storage = false;
        return this;
    }

    /** {@code <res>/status}: get, patch, update on the parent's kind. */
    public ResourceBuilder status() {
        return sub("status", GET_PATCH_UPDATE);
    }

    /** {@code <res>/scale}: autoscaling/v1 Scale, which client-go's scale client resolves from discovery. */
    public ResourceBuilder scale() {
        subresources.add(new SubresourceDescriptor("scale", "autoscaling", "v1", "Scale", GET_PATCH_UPDATE));
        return this;
    }

    /** A subresource answering with the parent's kind. */
    public ResourceBuilder sub(String name, List<String> verbs) {
        subresources.add(SubresourceDescriptor.sameKind(name, kind, verbs));
        return this;
    }

    /** A subresource with its own kind in the parent's group version (e.g. PodExecOptions). */
    public ResourceBuilder sub(String name, String subKind, List<String> verbs) {
        subresources.add(SubresourceDescriptor.sameKind(name, subKind, verbs));
        return this;
    }

    /** A subresource whose kind lives in another group version. */
    public ResourceBuilder sub(String name, String subGroup, String subVersion, String subKind, List<String> verbs) {
        subresources.add(new SubresourceDescriptor(name, subGroup, subVersion, subKind, verbs));
        return this;
    }

    /** The list kind when it is not {@code <Kind>List} (CRDs name their own). */
    public ResourceBuilder listKind(String listKind) {
        this.listKind = listKind;
        return this;
    }

    /** Marks the resource as served from a CRD version, with that version's schema and behaviour. */
    public ResourceBuilder custom(io.k3j.api.crd.CustomResource custom) {
        this.custom = custom;
        return this;
    }

    public ResourceDescriptor build() {
        // kube-apiserver lists subresources sorted by name, so do we.
        List<SubresourceDescriptor> subs = new ArrayList<>(subresources);
        subs.sort((a, b) -> a.name().compareTo(b.name()));
        return new ResourceDescriptor(group, version, resource, singular, kind, namespaced, verbs, shortNames,
                categories, subs, modelClass, !verbs.contains("list") ? null : listKind != null ? listKind : kind + "List",
                listClass, storage, readOnly, custom);
    }
}
