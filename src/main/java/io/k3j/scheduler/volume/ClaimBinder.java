package io.k3j.scheduler.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.Status;
import io.k3j.scheduler.plugins.VolumeBinding;
import io.k3j.volume.Claim;
import io.k3j.volume.PersistentVolume;
import io.k3j.volume.StorageClasses;
import io.k3j.volume.VolumeAnnotations;
import io.k3j.volume.VolumeMatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's scheduler volume binder over a {@link VolumeCache}: PreFilter sorts the pod's claims (missing, lost or
 * deleting claims and unbound Immediate claims reject the pod outright), Filter checks per node that bound volumes
 * allow the node and that every unbound WaitForFirstConsumer claim gets a matching volume there or can be
 * provisioned there, and {@link #assume} turns the chosen node's answer into the writes PreBind makes.
 */
public final class ClaimBinder implements VolumeBinding.Binder {

    static final String BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
    static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    static final String PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

    private final VolumeCache cache;

    public ClaimBinder(VolumeCache cache) {
        this.cache = cache;
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        List<Claim> bound = new ArrayList<>();
        List<Claim> delayed = new ArrayList<>();
        boolean unboundImmediate = false;
        for (String name : pod.claimNames()) {
            Claim claim = cache.claim(pod.namespace(), name);
            Optional<String> unusable = unusable(pod, name, claim);
            if (unusable.isPresent()) {
                return Status.unresolvable(unusable.get());
            }
            if (claim.fullyBound()) {
                bound.add(claim);
            } else if (claim.volumeName().isEmpty() && cache.classes().delayBinding(claim)) {
                delayed.add(claim);
            } else {
                unboundImmediate = true; // pre-bound claims too: the binder finishes those without us
            }
        }
        if (unboundImmediate) {
            return Status.unresolvable(UNBOUND_IMMEDIATE);
        }
        state.write(PodClaims.KEY, new PodClaims(bound, delayed));
        return Status.SUCCESS;
    }

    /** Upstream's podHasPVCs checks, in its words. */
    private static Optional<String> unusable(PodInfo pod, String name, Claim claim) {
        boolean ephemeral = pod.ephemeralClaimNames().contains(name);
        if (claim == null) {
            return Optional.of(ephemeral
                    ? "waiting for ephemeral volume controller to create the persistentvolumeclaim \"" + name + "\""
                    : "persistentvolumeclaim \"" + name + "\" not found");
        }
        if (Claim.LOST.equals(claim.phase())) {
            return Optional.of("persistentvolumeclaim \"" + name + "\" bound to non-existent persistentvolume \""
                    + claim.volumeName() + "\"");
        }
        if (claim.deleting()) {
            return Optional.of("persistentvolumeclaim \"" + name + "\" is being deleted");
        }
        if (ephemeral && !ownedBy(claim, pod)) {
            return Optional.of("PVC " + claim.key() + " was not created for pod " + pod.key() + " (pod is not owner)");
        }
        return Optional.empty();
    }

    private static boolean ownedBy(Claim claim, PodInfo pod) {
        for (JsonNode ref : claim.object().path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false) && pod.uid().equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        PodClaims claims = state.read(PodClaims.KEY);
        if (claims == null) {
            return Status.SUCCESS;
        }
        try {
            Found found = find(claims, node);
            return found.reasons().isEmpty() ? Status.SUCCESS : Status.unresolvable(found.reasons().toArray(String[]::new));
        } catch (BinderError e) {
            return Status.error(e.getMessage());
        }
    }

    /**
     * For the node the pod was scheduled to: the volumes and provisioning it needs, assumed in the cache so later
     * pods see them taken. Empty when all its claims are bound. Undo with {@link #revert}.
     */
    public PodVolumes assume(PodInfo pod, NodeInfo node) throws BinderError {
        CycleState state = new CycleState();
        Status pre = preFilter(state, pod);
        if (!pre.isSuccess()) {
            throw new BinderError(pre.message());
        }
        PodClaims claims = state.read(PodClaims.KEY);
        Found found = find(claims, node);
        if (!found.reasons().isEmpty()) {
            throw new BinderError(String.join(", ", found.reasons()));
        }
        List<PodVolumes.Binding> bindings = new ArrayList<>();
        for (PodVolumes.Binding b : found.bindings()) {
            PersistentVolume prebound = PersistentVolume.of(prebind(b.volume(), b.claim()));
            cache.assumeVolume(prebound);
            bindings.add(new PodVolumes.Binding(prebound, b.claim()));
        }
        List<Claim> provisions = new ArrayList<>();
        for (Claim c : found.provisions()) {
            ObjectNode clone = c.object().deepCopy();
            annotations(clone).put(VolumeAnnotations.SELECTED_NODE, node.name());
            Claim selected = Claim.of(clone);
            cache.assumeClaim(selected);
            provisions.add(selected);
        }
        return new PodVolumes(node.name(), bindings, provisions);
    }

    /** Forgets what {@link #assume} assumed (binding failed, or the pod went away). */
    public void revert(PodVolumes volumes) {
        volumes.staticBindings().forEach(b -> cache.restoreVolume(b.volume().name()));
        volumes.dynamicProvisions().forEach(c -> cache.restoreClaim(c.key()));
    }

    /** Upstream's GetBindVolumeToClaim: the claimRef (uid and resourceVersion included) and bound-by-controller. */
    static ObjectNode prebind(PersistentVolume volume, Claim claim) {
        ObjectNode clone = volume.object().deepCopy();
        ObjectNode spec = clone.has("spec") ? (ObjectNode) clone.get("spec") : clone.putObject("spec");
        spec.putObject("claimRef").put("kind", "PersistentVolumeClaim").put("namespace", claim.namespace())
                .put("name", claim.name()).put("uid", claim.uid()).put("apiVersion", "v1")
                .put("resourceVersion", claim.resourceVersion());
        if (!volume.isBoundTo(claim)) {
            annotations(clone).put(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes");
        }
        return clone;
    }

    /** A per-node answer: reasons the node does not fit (in upstream's order), else the bindings and provisions. */
    private record Found(List<String> reasons, List<PodVolumes.Binding> bindings, List<Claim> provisions) {
    }

    /** Something is wrong with the cluster's objects rather than with the node (upstream's error statuses). */
    public static final class BinderError extends Exception {
        public BinderError(String message) {
            super(message);
        }
    }

    /** Upstream's FindPodVolumes. */
    private Found find(PodClaims claims, NodeInfo node) throws BinderError {
        boolean boundSatisfied = true;
        boolean pvsFound = true;
        for (Claim c : claims.bound()) {
            PersistentVolume v = cache.volume(c.volumeName());
            if (v == null) {
                pvsFound = false;
                break;
            }
            if (!v.nodeAffinity().matches(node.labels())) {
                boundSatisfied = false;
                break;
            }
        }
        boolean unboundSatisfied = true;
        List<PodVolumes.Binding> bindings = new ArrayList<>();
        List<Claim> provisions = new ArrayList<>();
        if (!claims.delayed().isEmpty()) {
            List<Claim> toMatch = new ArrayList<>();
            List<Claim> toProvision = new ArrayList<>();
            for (Claim c : claims.delayed()) {
                String selected = c.annotations().get(VolumeAnnotations.SELECTED_NODE);
                if (selected == null) {
                    toMatch.add(c);
                } else if (!selected.equals(node.name())) {
                    return reasons(boundSatisfied, false, pvsFound); // provisioning already chose another node
                } else {
                    toProvision.add(c);
                }
            }
            if (!toMatch.isEmpty()) {
                unboundSatisfied = match(toMatch, node, bindings, toProvision);
            }
            if (!toProvision.isEmpty()) {
                unboundSatisfied = provisionable(toProvision, node);
                if (unboundSatisfied) {
                    provisions.addAll(toProvision);
                }
            }
        }
        Found r = reasons(boundSatisfied, unboundSatisfied, pvsFound);
        return r.reasons().isEmpty() ? new Found(List.of(), bindings, provisions) : r;
    }

    private static Found reasons(boolean boundSatisfied, boolean unboundSatisfied, boolean pvsFound) {
        List<String> reasons = new ArrayList<>();
        if (!boundSatisfied) {
            reasons.add(NODE_CONFLICT);
        }
        if (!unboundSatisfied) {
            reasons.add(BIND_CONFLICT);
        }
        if (!pvsFound) {
            reasons.add(PV_NOT_EXIST);
        }
        return new Found(reasons, List.of(), List.of());
    }

    /** Smallest requests first, each taking the smallest fitting volume not yet taken; the rest may be provisioned. */
    private boolean match(List<Claim> toMatch, NodeInfo node, List<PodVolumes.Binding> bindings, List<Claim> unmatched)
            throws BinderError {
        List<Claim> sorted = new ArrayList<>(toMatch);
        sorted.sort(Comparator.comparing(Claim::request));
        Set<String> chosen = new HashSet<>();
        boolean all = true;
        for (Claim c : sorted) {
            Optional<PersistentVolume> v;
            try {
                v = VolumeMatcher.findMatchingVolume(c, cache.volumesOfClass(c.className()), node.labels(), chosen, true);
            } catch (VolumeMatcher.BadSelector e) {
                throw new BinderError(e.getMessage());
            }
            if (v.isEmpty()) {
                unmatched.add(c);
                all = false;
                continue;
            }
            chosen.add(v.get().name());
            bindings.add(new PodVolumes.Binding(v.get(), c));
        }
        return all;
    }

    /** Upstream's checkVolumeProvisions (without CSI storage capacity, which k3j does not track). */
    private boolean provisionable(List<Claim> claims, NodeInfo node) throws BinderError {
        for (Claim c : claims) {
            if (c.className().isEmpty()) {
                throw new BinderError("no class for claim \"" + c.key() + "\"");
            }
            Optional<ObjectNode> sc = cache.classes().get(c.className());
            if (sc.isEmpty()) {
                throw new BinderError("failed to find storage class \"" + c.className() + "\"");
            }
            String provisioner = StorageClasses.provisioner(sc.get());
            if (provisioner.isEmpty() || provisioner.equals(VolumeAnnotations.NO_PROVISIONER)
                    || !allowedTopologyMatches(sc.get().path("allowedTopologies"), node.labels())) {
                return false;
            }
        }
        return true;
    }

    /** Upstream's MatchTopologySelectorTerms: no terms allow every node; else one term's expressions all match. */
    static boolean allowedTopologyMatches(JsonNode terms, Map<String, String> labels) {
        if (!terms.isArray() || terms.isEmpty()) {
            return true;
        }
        for (JsonNode term : terms) {
            boolean all = true;
            for (JsonNode e : term.path("matchLabelExpressions")) {
                String v = labels.get(e.path("key").asText());
                boolean in = false;
                for (JsonNode allowed : e.path("values")) {
                    in |= allowed.asText().equals(v);
                }
                all &= v != null && in;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode annotations(ObjectNode obj) {
        ObjectNode meta = obj.has("metadata") ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
        return meta.has("annotations") && meta.get("annotations").isObject()
                ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
    }
}
