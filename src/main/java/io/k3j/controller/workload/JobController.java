package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.PatchType;
import io.k3j.client.WriteOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Job controller. Pods carry the {@code batch.kubernetes.io/job-tracking} finalizer until their outcome is
 * counted: a finished pod's UID goes to status.uncountedTerminatedPods, then its finalizer is removed, then it moves
 * into succeeded/failed (and completedIndexes), so a crash at any point neither loses nor double-counts it. The
 * decisions (failure, success, suspend, how many pods to run) are in {@link JobSync}.
 */
public final class JobController extends WorkloadController {

    static final String COMPONENT = "job-controller";

    Informer jobs;
    Informer pods;
    Claims claims;
    PodControl podControl;
    final Expectations expectations = new Expectations();
    /**
     * Per job, the resourceVersion of the last status this controller wrote. A cached job older than that has not
     * caught up with our own write: acting on it could miss pods already counted and released, and create more.
     */
    private final java.util.Map<String, Long> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();
    /** UIDs of pods whose finalizer this controller removed, until the pod is deleted (so none is counted twice). */
    final Map<String, Long> released = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "job";
    }

    @Override
    protected String component() {
        return COMPONENT;
    }

    @Override
    protected List<Informer> register(Informers informers) {
        jobs = Indexes.namespaced(informers.of(Resources.JOBS));
        pods = Indexes.pods(informers.of(Resources.PODS));
        claims = new Claims(client, Resources.PODS, COMPONENT);
        podControl = new PodControl(client, recorder, COMPONENT);
        jobs.addHandler(new Informer.Handler() {
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
                expectations.forget(Meta.key(obj));
                lastWritten.remove(Meta.key(obj));
            }
        });
        pods.addHandler(new Informer.Handler() {
            @Override
            public void onAdd(ObjectNode pod) {
                ObjectNode job = ownerOf(pod);
                if (job != null) {
                    expectations.creationObserved(Meta.key(job));
                    enqueue(job);
                }
            }

            @Override
            public void onUpdate(ObjectNode old, ObjectNode cur) {
                if (Objects.equals(old.path("metadata").path("resourceVersion"), cur.path("metadata").path("resourceVersion"))) {
                    return;
                }
                // A released pod stays in `released` until it is deleted: a sync may still hold a snapshot that shows
                // its finalizer, and forgetting it here would let that sync count the pod a second time.
                ObjectNode job = ownerOf(cur);
                if (job != null) {
                    if (Meta.deleting(cur) && !Meta.deleting(old)) {
                        expectations.deletionObserved(Meta.key(job), Meta.key(cur));
                    }
                    enqueue(job);
                }
            }

            @Override
            public void onDelete(ObjectNode pod) {
                released.remove(Meta.uid(pod));
                ObjectNode job = ownerOf(pod);
                if (job != null) {
                    expectations.deletionObserved(Meta.key(job), Meta.key(pod));
                    enqueue(job);
                }
            }
        });
        return List.of(jobs, pods);
    }

    ObjectNode ownerOf(JsonNode pod) {
        JsonNode ref = OwnerRefs.controllerOf(pod);
        if (ref == null || !"Job".equals(ref.path("kind").asText())) {
            return null;
        }
        ObjectNode job = jobs.get(Meta.namespace(pod), ref.path("name").asText());
        return job != null && Meta.uid(job).equals(ref.path("uid").asText()) ? job : null;
    }

    static boolean hasFinalizer(JsonNode pod) {
        for (JsonNode f : pod.path("metadata").path("finalizers")) {
            if (JobPolicy.TRACKING_FINALIZER.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void sync(String key) {
        ObjectNode job = jobs.get(key);
        if (job == null) {
            return;
        }
        Long written = lastWritten.get(key);
        if (written != null && resourceVersion(job) < written) {
            return; // the informer delivers our write soon, and its update enqueues the job again
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(job.path("spec").path("selector"));
        } catch (SelectorException e) {
            return;
        }
        // As upstream: ask the expectations BEFORE reading the pods. Asked later (after the slow counting writes), a
        // pod created by the previous sync can be observed meanwhile and satisfy them, while this sync's list, read
        // before it arrived, lacks it: the job then creates one pod too many.
        boolean podsTrusted = expectations.satisfied(key);
        List<ObjectNode> mine = claims.claim(job, selector, Indexes.inNamespace(pods, Meta.namespace(job)), Resources.JOBS);
        new JobSync(this, job.deepCopy(), mine, podsTrusted).run();
    }

    /** Removes the tracking finalizer (a JSON patch guarded by the finalizer's position). */
    void releasePod(ObjectNode pod) {
        ArrayNode finalizers = (ArrayNode) pod.path("metadata").path("finalizers");
        for (int i = 0; i < finalizers.size(); i++) {
            if (JobPolicy.TRACKING_FINALIZER.equals(finalizers.get(i).asText())) {
                String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + i + "\",\"value\":\""
                        + JobPolicy.TRACKING_FINALIZER + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + i + "\"}]";
                try {
                    await(client.patch(Resources.PODS, Meta.namespace(pod), Meta.name(pod), PatchType.JSON, patch, "",
                            WriteOptions.manager(COMPONENT)));
                    released.put(Meta.uid(pod), System.currentTimeMillis());
                } catch (RuntimeException e) {
                    if (!notFound(e)) {
                        throw e;
                    }
                }
                return;
            }
        }
    }

    ObjectNode writeStatus(ObjectNode job) {
        ObjectNode out = await(client.updateStatus(Resources.JOBS, Meta.namespace(job), job, WriteOptions.manager(COMPONENT)));
        lastWritten.put(Meta.key(out), resourceVersion(out));
        return out;
    }

    private static long resourceVersion(JsonNode obj) {
        try {
            return Long.parseLong(obj.path("metadata").path("resourceVersion").asText("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void requeueAfter(ObjectNode job, long millis) {
        queue.addAfter(Meta.key(job), Math.max(1, millis));
    }
}
