package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/** PersistentVolumes, as upstream creates them: Pending, with the time of that phase recorded. */
final class PersistentVolumeStrategy implements WriteStrategy {

    static final PersistentVolumeStrategy INSTANCE = new PersistentVolumeStrategy();

    private PersistentVolumeStrategy() {
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("persistentvolumes");
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        obj.putObject("status").put("phase", "Pending").put("lastPhaseTransitionTime", ObjectMetaRules.now());
    }
}
