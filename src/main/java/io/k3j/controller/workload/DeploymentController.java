package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Deployment controller: owns ReplicaSets named {@code <deployment>-<pod-template-hash>}, one per template;
 * rolls from old to new with RollingUpdate (maxSurge/maxUnavailable) or Recreate; scales proportionally when the
 * replica count changes mid-rollout; keeps revision annotations (so {@code kubectl rollout history/undo} work) and
 * revisionHistoryLimit old ReplicaSets; reports status and the Progressing/Available conditions, including
 * ProgressDeadlineExceeded. The rollout steps themselves are in {@link DeploymentSync}.
 */
public final class DeploymentController extends WorkloadController {

    static final String COMPONENT = "deployment-controller";

    Informer deployments;
    Informer replicaSets;
    Informer pods;
    Claims claims;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        deployments = Indexes.namespaced(informers.of(Resources.DEPLOYMENTS));
        replicaSets = Indexes.owned(informers.of(Resources.REPLICA_SETS));
        pods = Indexes.pods(informers.of(Resources.PODS));
        claims = new Claims(client, Resources.REPLICA_SETS, COMPONENT);
        deployments.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(ObjectNode oldObj, ObjectNode newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(ObjectNode obj) {
                enqueue(obj);
            }
        });
        replicaSets.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode rs) {
                ownerOrMatching(rs);
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                    return;
                }
                String oldRef = OwnerRefs.controllerUid(old);
                if (!oldRef.equals(OwnerRefs.controllerUid(cur)) && !oldRef.isEmpty()) {
                    ObjectNode d = ownerOf(old);
                    if (d != null) {
                        enqueue(d);
                    }
                }
                ObjectNode d = ownerOf(cur);
                if (d != null) {
                    enqueue(d);
                } else if (OwnerRefs.controllerOf(cur) == null
                        && (!Meta.labels(old).equals(Meta.labels(cur)) || !oldRef.isEmpty())) {
                    matching(cur).forEach(x -> enqueue(x));
                }
            }

            @Override
            public void onDelete(ObjectNode rs) {
                ObjectNode d = ownerOf(rs);
                if (d != null) {
                    enqueue(d);
                }
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onDelete(ObjectNode pod) {
                // Recreate waits for the old pods to be gone: their deletion is its cue.
                JsonNode ref = OwnerRefs.controllerOf(pod);
                if (ref == null || !"ReplicaSet".equals(ref.path("kind").asText())) {
                    return;
                }
                ObjectNode rs = replicaSets.get(Meta.namespace(pod), ref.path("name").asText());
                ObjectNode d = rs == null ? null : ownerOf(rs);
                if (d != null && !DeploymentMath.rolling(d)) {
                    enqueue(d);
                }
            }
        });
        return List.of(deployments, replicaSets, pods);
    }

    private void ownerOrMatching(ObjectNode rs) {
        ObjectNode d = ownerOf(rs);
        if (d != null) {
            enqueue(d);
        } else if (OwnerRefs.controllerOf(rs) == null) {
            matching(rs).forEach(x -> enqueue(x));
        }
    }

    ObjectNode ownerOf(JsonNode rs) {
        JsonNode ref = OwnerRefs.controllerOf(rs);
        if (ref == null || !"Deployment".equals(ref.path("kind").asText())) {
            return null;
        }
        ObjectNode d = deployments.get(Meta.namespace(rs), ref.path("name").asText());
        return d != null && Meta.uid(d).equals(ref.path("uid").asText()) ? d : null;
    }

    private List<ObjectNode> matching(JsonNode rs) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode d : Indexes.inNamespace(deployments, Meta.namespace(rs))) {
            try {
                LabelSelector sel = LabelSelector.fromJson(d.path("spec").path("selector"));
                if (!sel.isEmpty() && sel.matches(rs.path("metadata").path("labels"))) {
                    out.add(d);
                }
            } catch (SelectorException ignored) {
                // an invalid selector matches nothing
            }
        }
        return out;
    }

    @Override
    protected void sync(String key) {
        ObjectNode cached = deployments.get(key);
        if (cached == null) {
            return;
        }
        new DeploymentSync(this, cached.deepCopy()).run();
    }

    void requeueAfter(ObjectNode d, long millis) {
        queue.addAfter(Meta.key(d), Math.max(1, millis));
    }

    /** Writes the deployment's status; returns the stored object. */
    ObjectNode writeStatus(ObjectNode d) {
        return await(client.updateStatus(Resources.DEPLOYMENTS, Meta.namespace(d), d, WriteOptions.manager(COMPONENT)));
    }

    ObjectNode patchAnnotation(ObjectNode d, String key, String value) {
        ObjectNode p = Meta.MAPPER.createObjectNode();
        p.putObject("metadata").putObject("annotations").put(key, value);
        return await(client.patch(Resources.DEPLOYMENTS, Meta.namespace(d), Meta.name(d), PatchType.MERGE, p.toString(), "",
                WriteOptions.manager(COMPONENT)));
    }
}
