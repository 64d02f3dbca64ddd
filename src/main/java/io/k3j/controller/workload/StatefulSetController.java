package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.KubeApiException;
import io.k3j.client.WriteOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The StatefulSet controller: pods {@code <set>-<ordinal>} with stable hostnames, their claims
 * {@code <template>-<set>-<ordinal>} from volumeClaimTemplates, OrderedReady (one at a time, in order, each Running and
 * Ready first; scale down from the highest ordinal) or Parallel management, RollingUpdate from the highest ordinal down
 * to the partition (one pod at a time) or OnDelete, ControllerRevisions with the {@code controller-revision-hash} pod
 * label, persistentVolumeClaimRetentionPolicy, and status. The per-sync steps are in {@link StatefulSetSync}.
 */
public final class StatefulSetController extends WorkloadController {

    static final String COMPONENT = "statefulset-controller";

    Informer sets;
    Informer pods;
    Informer revisions;
    Informer claims;
    Claims podClaims;
    Revisions history;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        sets = Indexes.namespaced(informers.of(Resources.STATEFUL_SETS));
        pods = Indexes.pods(informers.of(Resources.PODS));
        revisions = Indexes.owned(informers.of(Resources.CONTROLLER_REVISIONS));
        claims = Indexes.namespaced(informers.of(Resources.PVCS));
        podClaims = new Claims(client, Resources.PODS, COMPONENT);
        history = new Revisions(client, COMPONENT);
        sets.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                owner(pod);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (!Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                    owner(cur);
                    if (!OwnerRefs.controllerUid(old).equals(OwnerRefs.controllerUid(cur))) {
                        owner(old);
                    }
                    if (OwnerRefs.controllerOf(cur) == null) {
                        orphan(cur);
                    }
                }
            }

            @Override
            public void onDelete(ObjectNode pod) {
                owner(pod);
            }

            private void owner(ObjectNode pod) {
                JsonNode ref = OwnerRefs.controllerOf(pod);
                if (ref != null && "StatefulSet".equals(ref.path("kind").asText())) {
                    queue.add(Informer.key(Meta.namespace(pod), ref.path("name").asText()));
                } else if (ref == null) {
                    orphan(pod);
                }
            }

            private void orphan(ObjectNode pod) {
                for (ObjectNode set : Indexes.inNamespace(sets, Meta.namespace(pod))) {
                    LabelSelector sel = selector(set);
                    if (sel != null && !sel.isEmpty() && sel.matches(pod.path("metadata").path("labels"))) {
                        enqueue(set);
                    }
                }
            }
        });
        return List.of(sets, pods, revisions, claims);
    }

    static LabelSelector selector(JsonNode set) {
        try {
            return LabelSelector.fromJson(set.path("spec").path("selector"));
        } catch (SelectorException e) {
            return null;
        }
    }

    @Override
    protected void sync(String key) {
        ObjectNode set = sets.get(key);
        if (set == null) {
            return;
        }
        LabelSelector sel = selector(set);
        if (sel == null) {
            return;
        }
        List<ObjectNode> mine = podClaims.claim(set, sel, Indexes.inNamespace(pods, Meta.namespace(set)), Resources.STATEFUL_SETS);
        new StatefulSetSync(this, set.deepCopy(), mine).run();
    }

    void requeueAfter(ObjectNode set, long ms) {
        queue.addAfter(Meta.key(set), Math.max(1, ms));
    }

    ObjectNode writeStatus(ObjectNode set) {
        return await(client.updateStatus(Resources.STATEFUL_SETS, Meta.namespace(set), set, WriteOptions.manager(COMPONENT)));
    }

    /** Creates the claim unless it exists; records upstream's Events. */
    void ensureClaim(ObjectNode set, ObjectNode pod, ObjectNode claim) {
        if (claims.get(Meta.namespace(claim), Meta.name(claim)) != null) {
            return;
        }
        try {
            await(client.create(Resources.PVCS, Meta.namespace(claim), claim, WriteOptions.manager(COMPONENT)));
            recorder.normal(set, "SuccessfulCreate", "create Claim " + Meta.name(claim) + " Pod " + Meta.name(pod)
                    + " in StatefulSet " + Meta.name(set) + " success");
        } catch (KubeApiException e) {
            if (!e.alreadyExists()) {
                recorder.warning(set, "FailedCreate", "create Claim " + Meta.name(claim) + " for Pod " + Meta.name(pod)
                        + " in StatefulSet " + Meta.name(set) + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    Set<String> claimNames(String namespace) {
        Set<String> out = new HashSet<>();
        Indexes.inNamespace(claims, namespace).forEach(c -> out.add(Meta.name(c)));
        return out;
    }

    static ArrayNode templates(JsonNode set) {
        JsonNode t = set.path("spec").path("volumeClaimTemplates");
        return t instanceof ArrayNode a ? a : Meta.MAPPER.createArrayNode();
    }
}
