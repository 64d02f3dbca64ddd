package io.k3j.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One write as the admission plugins see it, like upstream's admission.Attributes: what is done to which
 * resource by whom, the object as it would be stored and the stored one it replaces.
 *
 * <p>Mutating plugins change {@link #object()} in place; validating plugins only read it. Plugins may add
 * warnings (sent to the client as {@code Warning} headers) and audit annotations. A request belongs to one
 * request's handling on one event loop, so it is not thread-safe.
 */
public final class AdmissionRequest {

    private final Operation operation;
    private final String group;
    private final String version;
    private final String resource;
    private final String subresource;
    private final String kind;
    private final String namespace;
    private final String name;
    private final ObjectNode object;
    private final ObjectNode oldObject;
    private final ObjectNode options;
    private final UserInfo user;
    private final boolean dryRun;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> auditAnnotations = new LinkedHashMap<>();

    /**
     * @param subresource empty for the main resource
     * @param kind        the kind of {@code object} (for a subresource, the subresource's kind: Binding, Eviction, Scale)
     * @param namespace   empty for cluster-scoped resources
     * @param name        may be empty on CREATE with generateName
     * @param object      the new object (CREATE, UPDATE; CONNECT's options object), null on DELETE
     * @param oldObject   the stored object (UPDATE, DELETE), null on CREATE
     * @param options     CreateOptions/UpdateOptions/PatchOptions/DeleteOptions as JSON, may be null
     */
    public AdmissionRequest(Operation operation, String group, String version, String resource, String subresource,
                            String kind, String namespace, String name, ObjectNode object, ObjectNode oldObject,
                            ObjectNode options, UserInfo user, boolean dryRun) {
        this.operation = operation;
        this.group = group;
        this.version = version;
        this.resource = resource;
        this.subresource = subresource == null ? "" : subresource;
        this.kind = kind;
        this.namespace = namespace == null ? "" : namespace;
        this.name = name == null ? "" : name;
        this.object = object;
        this.oldObject = oldObject;
        this.options = options;
        this.user = user;
        this.dryRun = dryRun;
    }

    public Operation operation() {
        return operation;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String resource() {
        return resource;
    }

    public String subresource() {
        return subresource;
    }

    public String kind() {
        return kind;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public ObjectNode object() {
        return object;
    }

    public ObjectNode oldObject() {
        return oldObject;
    }

    public ObjectNode options() {
        return options;
    }

    public UserInfo user() {
        return user;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** Whether this is the given core (group "") resource, main resource or subresource as asked. */
    public boolean is(String group, String resource, String subresource) {
        return this.group.equals(group) && this.resource.equals(resource) && this.subresource.equals(subresource);
    }

    /** A warning for the client (upstream sends each as a {@code Warning: 299 - "text"} header). */
    public void warn(String text) {
        warnings.add(text);
    }

    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** An annotation for this request's audit event, as upstream's AddAnnotation (key usually "plugin/what"). */
    public void annotate(String key, String value) {
        auditAnnotations.put(key, value);
    }

    public Map<String, String> auditAnnotations() {
        return Collections.unmodifiableMap(auditAnnotations);
    }
}
