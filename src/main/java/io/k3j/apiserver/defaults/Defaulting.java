package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

/**
 * Server-side defaulting of the built-in kinds, as kube-apiserver applies its SetDefaults functions to every object
 * it decodes: a create's body, an update's body, a patch's or an apply's result. Only absent fields are filled, so a
 * second pass changes nothing and an object written back unchanged stays unchanged ({@code kubectl apply} twice,
 * {@code kubectl diff}). What upstream does once, at create, in a kind's strategy (a pod's phase and QoS class, a
 * Job's generated selector) is not here: see the REST strategies.
 *
 * <p>One class per API group (pod specs apart, since every workload embeds one). Walks only the fields present:
 * it is on the path of every write.
 */
public final class Defaulting {

    public Defaulting() {
    }

    /**
     * Puts the quantity fields of a built-in object in canonical form (the first half of {@link #apply}), for callers
     * that must report a malformed quantity before anything else, as upstream's decoding does.
     *
     * @throws io.k3j.api.quantity.InvalidQuantityException when a quantity field does not parse
     */
    public static void canonicalQuantities(ResourceDescriptor d, ObjectNode obj) {
        if (!d.isCustom()) {
            QuantityFields.canonicalize(d.group(), d.version(), d.resource(), obj);
        }
    }

    /**
     * Puts the object's quantities in canonical form (as upstream's decoding does, before defaulting) and fills in
     * the defaults of an object of {@code d}'s kind; custom resources are left to their schemas.
     *
     * @throws io.k3j.api.quantity.InvalidQuantityException when a quantity field does not parse
     */
    public void apply(ResourceDescriptor d, ObjectNode obj) {
        if (d.isCustom()) {
            return;
        }
        String resource = d.resource();
        QuantityFields.canonicalize(d.group(), d.version(), resource, obj);
        switch (d.group()) {
            case "" -> CoreDefaults.apply(resource, obj);
            case "apps" -> AppsDefaults.apply(resource, obj);
            case "batch" -> BatchDefaults.apply(resource, obj);
            case "autoscaling" -> AutoscalingDefaults.apply(d.version(), resource, obj);
            case "networking.k8s.io" -> NetworkingDefaults.networking(resource, obj);
            case "discovery.k8s.io" -> NetworkingDefaults.discovery(resource, obj);
            case "storage.k8s.io" -> StorageDefaults.apply(resource, obj);
            case RbacDefaults.GROUP -> RbacDefaults.apply(resource, obj);
            case "scheduling.k8s.io" -> ControlPlaneDefaults.scheduling(resource, obj);
            case "admissionregistration.k8s.io" -> ControlPlaneDefaults.admissionRegistration(resource, obj);
            case "flowcontrol.apiserver.k8s.io" -> ControlPlaneDefaults.flowControl(resource, obj);
            case "apiregistration.k8s.io" -> ControlPlaneDefaults.apiRegistration(resource, obj);
            default -> {
            }
        }
    }
}
