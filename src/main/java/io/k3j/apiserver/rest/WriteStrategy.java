package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

import java.util.List;

/**
 * What one kind adds to the generic write path, in the spirit of upstream's per-type REST strategies: defaults
 * and validation before an object is stored, extra finalizers on delete. {@link WriteHandler} calls it; most
 * kinds need nothing ({@link #NONE}).
 */
interface WriteStrategy {

    WriteStrategy NONE = new WriteStrategy() {
    };

    /** A new object, metadata prepared, before managedFields are recorded: default and validate (throw ApiError). */
    default void beforeCreate(RestRequest r, ObjectNode obj) {
    }

    /** A changed object about to be written (status split and server-owned metadata already applied). */
    default void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
    }

    /** DELETE of an existing object: may add finalizers (and status) before the generic handling. */
    default void beforeDelete(RestRequest r, ObjectNode obj, List<String> finalizers) {
    }

    /** Whether a PUT may omit metadata.resourceVersion (custom resources and CRDs may not). */
    default boolean unconditionalUpdate() {
        return true;
    }

    static WriteStrategy of(ResourceDescriptor d, Strategies strategies) {
        if (d.isCustom()) {
            return strategies.customResources();
        }
        if (d.group().equals("apiextensions.k8s.io") && d.resource().equals("customresourcedefinitions")) {
            return strategies.crds();
        }
        if (d.group().equals(RbacStrategy.GROUP)) {
            return strategies.rbac();
        }
        if (CsrStrategy.handles(d)) {
            return strategies.csrs();
        }
        if (SecretStrategy.handles(d)) {
            return SecretStrategy.INSTANCE;
        }
        if (PodStrategy.handles(d)) {
            return PodStrategy.INSTANCE;
        }
        if (JobStrategy.handles(d)) {
            return JobStrategy.INSTANCE;
        }
        if (NamespaceStrategy.handles(d)) {
            return NamespaceStrategy.INSTANCE;
        }
        if (PersistentVolumeStrategy.handles(d)) {
            return PersistentVolumeStrategy.INSTANCE;
        }
        return NONE;
    }

    /** The stateful strategies, one each per handler. */
    record Strategies(CustomResourceStrategy customResources, CrdStrategy crds, RbacStrategy rbac, CsrStrategy csrs) {

        Strategies(EscalationCheck escalation) {
            this(new CustomResourceStrategy(), new CrdStrategy(), new RbacStrategy(escalation),
                    new CsrStrategy(java.time.Clock.systemUTC()));
        }
    }
}
