package io.k3j.admission.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.api.selector.LabelSelector;
import io.vertx.core.Future;

/**
 * Evaluates a namespaceSelector as upstream's namespace matcher: cluster-scoped requests always match, except a
 * Namespace itself, whose own labels (new object, or the old one on DELETE) are matched; a namespaced request matches
 * against its namespace's labels, read from the watch cache (a namespace not found has no labels).
 */
public final class NamespaceLabels {

    private final AdmissionLookup lookup;

    public NamespaceLabels(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    public Future<Boolean> matches(LabelSelector selector, AdmissionRequest r) {
        if (selector.isEmpty()) {
            return Future.succeededFuture(true);
        }
        if (r.group().isEmpty() && r.resource().equals("namespaces")) {
            ObjectNode ns = r.object() != null ? r.object() : r.oldObject();
            return Future.succeededFuture(selector.matches(labels(ns)));
        }
        if (r.namespace().isEmpty()) {
            return Future.succeededFuture(true);
        }
        return namespace(r).map(ns -> selector.matches(labels(ns)));
    }

    /** The request's Namespace object from the cache, or null (cluster-scoped requests, or not found). */
    public Future<ObjectNode> namespace(AdmissionRequest r) {
        if (r.namespace().isEmpty()) {
            return Future.succeededFuture(null);
        }
        return lookup.get("", "namespaces", "", r.namespace());
    }

    static JsonNode labels(JsonNode object) {
        return object == null ? null : object.path("metadata").path("labels");
    }

    /** objectSelector: matches when the new or the old object's labels match (upstream's object matcher). */
    public static boolean objectMatches(LabelSelector selector, AdmissionRequest r) {
        if (selector.isEmpty()) {
            return true;
        }
        return (r.object() != null && selector.matches(labels(r.object())))
                || (r.oldObject() != null && selector.matches(labels(r.oldObject())));
    }
}
