package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionResource;
import io.k3j.api.selector.LabelSelector;
import io.k3j.client.KubeClient;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * upstream's ControllerRefManager: a controller claims the objects it controls that still match its selector, adopts
 * matching orphans (unless it is being deleted) and releases the ones whose labels no longer match. Before the first
 * adoption it re-reads its owner from the API, so an owner deleted and recreated under the same name adopts nothing.
 */
final class Claims {

    private final KubeClient client;
    private final GroupVersionResource resource;
    private final String manager;

    Claims(KubeClient client, GroupVersionResource resource, String manager) {
        this.client = client;
        this.resource = resource;
        this.manager = manager;
    }

    List<ObjectNode> claim(ObjectNode owner, LabelSelector selector, List<ObjectNode> candidates, GroupVersionResource ownerResource) {
        List<ObjectNode> claimed = new ArrayList<>();
        Boolean canAdopt = null;
        String ownerUid = Meta.uid(owner);
        for (ObjectNode obj : candidates) {
            JsonNode ref = OwnerRefs.controllerOf(obj);
            boolean matches = selector.matches(obj.path("metadata").path("labels"));
            if (ref != null) {
                if (!ownerUid.equals(ref.path("uid").asText())) {
                    continue; // someone else's
                }
                if (matches) {
                    claimed.add(obj);
                } else if (!Meta.deleting(owner)) {
                    patch(obj, OwnerRefs.releasePatch(owner, obj));
                }
                continue;
            }
            if (!matches || Meta.deleting(owner) || Meta.deleting(obj)) {
                continue;
            }
            if (canAdopt == null) {
                canAdopt = ownerStillCurrent(owner, ownerResource);
            }
            if (!canAdopt) {
                continue;
            }
            ObjectNode adopted = patch(obj, OwnerRefs.adoptPatch(owner, obj));
            if (adopted != null) {
                claimed.add(adopted);
            }
        }
        return claimed;
    }

    private boolean ownerStillCurrent(ObjectNode owner, GroupVersionResource ownerResource) {
        try {
            ObjectNode fresh = WorkloadController.await(client.get(ownerResource, Meta.namespace(owner), Meta.name(owner)));
            return Meta.uid(fresh).equals(Meta.uid(owner)) && !Meta.deleting(fresh);
        } catch (RuntimeException e) {
            if (WorkloadController.notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Applies an owner patch; null when the object is gone (nothing to claim). */
    private ObjectNode patch(ObjectNode obj, String body) {
        try {
            return WorkloadController.await(client.patch(resource, Meta.namespace(obj), Meta.name(obj), PatchType.STRATEGIC,
                    body, "", WriteOptions.manager(manager)));
        } catch (RuntimeException e) {
            if (WorkloadController.notFound(e)) {
                return null;
            }
            throw e;
        }
    }
}
