package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.nonEmptyObject;
import static io.k3j.apiserver.defaults.Fields.number;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.text;

/** The core (v1) kinds' defaults; Services have their own class. */
final class CoreDefaults {

    private CoreDefaults() {
    }

    static void apply(String resource, ObjectNode obj) {
        switch (resource) {
            case "pods" -> PodSpecDefaults.pod(obj);
            case "podtemplates" -> PodSpecDefaults.template(obj);
            case "replicationcontrollers" -> replicationController(obj);
            case "services" -> ServiceDefaults.service(obj);
            case "persistentvolumes" -> persistentVolume(obj);
            case "persistentvolumeclaims" -> persistentVolumeClaim(obj);
            case "endpoints" -> eachObject(obj, "subsets", s -> eachObject(s, "ports", p -> text(p, "protocol", "TCP")));
            case "secrets" -> text(obj, "type", "Opaque");
            case "namespaces" -> namespace(obj);
            case "nodes" -> node(obj);
            case "limitranges" -> ifObject(obj, "spec", s -> eachObject(s, "limits", CoreDefaults::limitRangeItem));
            default -> {
            }
        }
    }

    private static void replicationController(ObjectNode obj) {
        ObjectNode spec = object(obj, "spec");
        number(spec, "replicas", 1);
        JsonNode labels = spec.path("template").path("metadata").path("labels");
        // upstream copies the template's labels whenever the template has a label map (even an empty one).
        if (labels.isObject()) {
            if (!nonEmptyObject(spec, "selector")) {
                spec.set("selector", labels.deepCopy());
            }
            ObjectNode meta = object(obj, "metadata");
            if (!nonEmptyObject(meta, "labels")) {
                meta.set("labels", labels.deepCopy());
            }
        }
        PodSpecDefaults.template(spec);
    }

    /** A StatefulSet's volumeClaimTemplates are defaulted as claims too (status.phase included). */
    static void persistentVolumeClaim(ObjectNode claim) {
        text(object(claim, "status"), "phase", "Pending");
        VolumeDefaults.claimSpec(object(claim, "spec"));
    }

    private static void persistentVolume(ObjectNode pv) {
        text(object(pv, "status"), "phase", "Pending");
        ObjectNode spec = object(pv, "spec");
        text(spec, "persistentVolumeReclaimPolicy", "Retain");
        text(spec, "volumeMode", "Filesystem");
        VolumeDefaults.persistentSource(spec);
    }

    private static void namespace(ObjectNode ns) {
        ObjectNode meta = object(ns, "metadata");
        String name = meta.path("name").asText("");
        // A generateName namespace has no name yet: upstream's strategy labels it once it has one.
        if (!name.isEmpty()) {
            object(meta, "labels").put("kubernetes.io/metadata.name", name);
        }
        text(object(ns, "status"), "phase", "Active");
    }

    private static void node(ObjectNode node) {
        ObjectNode status = Fields.existing(node, "status");
        if (status != null && Fields.absent(status, "allocatable") && status.get("capacity") instanceof ObjectNode capacity) {
            status.set("allocatable", capacity.deepCopy());
        }
    }

    /**
     * A Container item's default limit falls back to its max, its default request to the default limit, then to
     * its min.
     */
    private static void limitRangeItem(ObjectNode item) {
        if (!"Container".equals(item.path("type").asText())) {
            return;
        }
        fill(item, "default", item.get("max"));
        fill(item, "defaultRequest", item.get("default"));
        fill(item, "defaultRequest", item.get("min"));
    }

    /** Copies the entries of {@code from} missing in {@code item.field}; an empty map stays unprinted, as upstream's. */
    private static void fill(ObjectNode item, String field, JsonNode from) {
        if (from == null || !from.isObject() || from.isEmpty()) {
            return;
        }
        ObjectNode target = object(item, field);
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
