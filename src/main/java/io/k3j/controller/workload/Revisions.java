package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.DeleteOptions;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * ControllerRevisions of a StatefulSet or DaemonSet (upstream's controller history): each distinct pod template is
 * stored once as {@code <owner>-<hash>} with data {@code {"spec":{"template":{…,"$patch":"replace"}}}} and a
 * revision number; re-applying an old template re-numbers its revision instead of creating another.
 */
final class Revisions {

    static final String HASH_LABEL = "controller-revision-hash";

    /** The current and update revisions picked for a sync, and the owner's collisionCount. */
    record Picked(ObjectNode current, ObjectNode update, int collisionCount, List<ObjectNode> all) {
    }

    private final KubeClient client;
    private final String manager;

    Revisions(KubeClient client, String manager) {
        this.client = client;
        this.manager = manager;
    }

    static ObjectNode data(JsonNode owner) {
        ObjectNode data = Meta.MAPPER.createObjectNode();
        ObjectNode template = owner.path("spec").path("template").deepCopy();
        template.put("$patch", "replace");
        data.putObject("spec").set("template", template);
        return data;
    }

    static long number(JsonNode rev) {
        return rev.path("revision").asLong(0);
    }

    static final Comparator<JsonNode> BY_NUMBER = Comparator.comparingLong(Revisions::number).thenComparing(Meta::name);

    /** Finds or creates the revision of {@code owner}'s template; the current one is named by {@code currentName}. */
    Picked pick(ObjectNode owner, List<ObjectNode> existing, String currentName) {
        List<ObjectNode> all = new ArrayList<>(existing);
        all.sort(BY_NUMBER);
        long next = all.isEmpty() ? 1 : number(all.getLast()) + 1;
        int collisions = owner.path("status").path("collisionCount").asInt(0);
        ObjectNode data = data(owner);
        ObjectNode update = null;
        for (ObjectNode r : all) {
            if (Meta.semanticEquals(r.path("data"), data)) {
                update = r;
            }
        }
        if (update != null && number(update) != number(all.getLast())) {
            ObjectNode copy = update.deepCopy();
            copy.put("revision", next);
            update = WorkloadController.await(client.update(Resources.CONTROLLER_REVISIONS, Meta.namespace(owner), copy,
                    WriteOptions.manager(manager)));
            all.replaceAll(r -> Meta.name(r).equals(Meta.name(copy)) ? copy : r);
        }
        while (update == null) {
            String hash = TemplateHash.of(data, collisions == 0 ? null : collisions);
            ObjectNode rev = Meta.MAPPER.createObjectNode().put("apiVersion", "apps/v1").put("kind", "ControllerRevision");
            ObjectNode meta = rev.putObject("metadata");
            meta.put("name", Meta.name(owner) + "-" + hash).put("namespace", Meta.namespace(owner));
            ObjectNode labels = owner.path("spec").path("template").path("metadata").path("labels").isObject()
                    ? owner.path("spec").path("template").path("metadata").path("labels").deepCopy() : Meta.MAPPER.createObjectNode();
            labels.put(HASH_LABEL, hash);
            meta.set("labels", labels);
            meta.putArray("ownerReferences").add(OwnerRefs.controllerRef(owner));
            rev.set("data", data);
            rev.put("revision", next);
            try {
                update = WorkloadController.await(client.create(Resources.CONTROLLER_REVISIONS, Meta.namespace(owner), rev,
                        WriteOptions.manager(manager)));
                all.add(update);
            } catch (KubeApiException e) {
                if (!e.alreadyExists()) {
                    throw e;
                }
                ObjectNode found = WorkloadController.await(client.get(Resources.CONTROLLER_REVISIONS, Meta.namespace(owner),
                        Meta.name(rev)));
                if (OwnerRefs.controlledBy(found, owner) && Meta.semanticEquals(found.path("data"), data)) {
                    update = found;
                    all.add(found);
                } else {
                    collisions++; // a hash collision with someone else's revision: hash again
                }
            }
        }
        ObjectNode current = update;
        for (ObjectNode r : all) {
            if (Meta.name(r).equals(currentName)) {
                current = r;
            }
        }
        return new Picked(current, update, collisions, all);
    }

    /** Deletes the oldest revisions beyond {@code limit}, never one still in use. */
    void truncate(List<ObjectNode> all, Set<String> live, int limit) {
        List<ObjectNode> unused = new ArrayList<>(all.stream().filter(r -> !live.contains(Meta.name(r))).toList());
        unused.sort(BY_NUMBER);
        for (int i = 0; i < unused.size() - limit; i++) {
            try {
                WorkloadController.await(client.delete(Resources.CONTROLLER_REVISIONS, Meta.namespace(unused.get(i)),
                        Meta.name(unused.get(i)), DeleteOptions.DEFAULT));
            } catch (RuntimeException e) {
                if (!WorkloadController.notFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** The owner as of a revision: its template replaced by the revision's. */
    static ObjectNode apply(ObjectNode owner, JsonNode revision) {
        ObjectNode copy = owner.deepCopy();
        ObjectNode template = revision.path("data").path("spec").path("template").deepCopy();
        template.remove("$patch");
        ((ObjectNode) copy.get("spec")).set("template", template);
        return copy;
    }
}
