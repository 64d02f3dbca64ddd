package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/**
 * Jobs, as upstream's job strategy creates them: unless the Job asks for a manual selector, its pods are selected by
 * the Job's uid ({@code batch.kubernetes.io/controller-uid}), with the job-name and controller-uid labels (legacy and
 * current) added to the pod template where it does not set them itself.
 */
final class JobStrategy implements WriteStrategy {

    static final JobStrategy INSTANCE = new JobStrategy();
    private static final String UID_LABEL = "batch.kubernetes.io/controller-uid";

    private JobStrategy() {
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().equals("batch") && d.resource().equals("jobs");
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        ObjectNode spec = obj.with("spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        String uid = obj.path("metadata").path("uid").asText();
        String name = obj.path("metadata").path("name").asText();
        ObjectNode labels = spec.with("template").with("metadata").with("labels");
        for (String l : new String[]{"job-name", "batch.kubernetes.io/job-name"}) {
            if (!labels.has(l)) {
                labels.put(l, name);
            }
        }
        for (String l : new String[]{"controller-uid", UID_LABEL}) {
            if (!labels.has(l)) {
                labels.put(l, uid);
            }
        }
        ObjectNode matchLabels = spec.with("selector").with("matchLabels");
        if (!matchLabels.has(UID_LABEL)) {
            matchLabels.put(UID_LABEL, uid);
        }
        // Upstream shows a Job without labels of its own its template's labels (its defaulting runs again whenever
        // the stored Job is read); k3j defaults on write only, so it copies them once more now that they are complete.
        ObjectNode meta = obj.with("metadata");
        JsonNode own = meta.path("labels");
        if (!own.isObject() || own.isEmpty()) {
            meta.set("labels", labels.deepCopy());
        }
    }
}
