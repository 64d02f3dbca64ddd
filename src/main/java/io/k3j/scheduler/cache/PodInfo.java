package io.k3j.scheduler.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;
import io.k3j.apiserver.rest.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pod as the scheduler sees it: everything the plugins read, parsed once when the pod enters the snapshot or the
 * queue (requests, ports, tolerations, compiled affinity terms and spread constraints). Immutable; a changed pod is
 * a new PodInfo. {@link #pod()} keeps the fabric8 object for whoever binds or reports.
 */
public final class PodInfo {

    public static final String DEFAULT_SCHEDULER = "default-scheduler";

    private final Pod pod;
    private final String uid;
    private final String namespace;
    private final String name;
    private final String nodeName;
    private final String schedulerName;
    private final String nominatedNodeName;
    private final Map<String, String> labels;
    private final int priority;
    private final boolean preemptNever;
    private final Instant startTime;
    private final boolean terminating;
    private final boolean terminal;
    private final boolean terminatingByPreemption;
    private final boolean schedulingGated;
    private final Resources requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<HostPort> hostPorts;
    private final List<Toleration> tolerations;
    private final RequiredNodeAffinity requiredNodeAffinity;
    private final List<WeightedNodeTerm> preferredNodeAffinity;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    private final List<SpreadConstraint> spreadConstraints;
    private final List<String> images;
    private final List<String> claimNames;
    private final List<String> ephemeralClaimNames;

    /** A preferred node-affinity term and its weight. */
    public record WeightedNodeTerm(int weight, NodeSelectorTerm term) {
    }

    private PodInfo(Pod pod) {
        this.pod = pod;
        var meta = pod.getMetadata();
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        var status = pod.getStatus();
        uid = meta.getUid() != null ? meta.getUid() : meta.getNamespace() + "/" + meta.getName();
        namespace = meta.getNamespace() == null ? "default" : meta.getNamespace();
        name = meta.getName();
        nodeName = emptyToNull(spec.getNodeName());
        schedulerName = spec.getSchedulerName() == null || spec.getSchedulerName().isEmpty()
                ? DEFAULT_SCHEDULER : spec.getSchedulerName();
        nominatedNodeName = status == null ? null : emptyToNull(status.getNominatedNodeName());
        labels = meta.getLabels() == null ? Map.of() : Map.copyOf(meta.getLabels());
        priority = spec.getPriority() == null ? 0 : spec.getPriority();
        preemptNever = "Never".equals(spec.getPreemptionPolicy());
        startTime = status == null || status.getStartTime() == null ? null : parseTime(status.getStartTime());
        terminating = meta.getDeletionTimestamp() != null;
        String phase = status == null ? null : status.getPhase();
        terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        terminatingByPreemption = terminating && status != null && status.getConditions() != null
                && status.getConditions().stream().anyMatch(PodInfo::isPreemptionDisruption);
        schedulingGated = spec.getSchedulingGates() != null && !spec.getSchedulingGates().isEmpty();
        requests = PodRequests.of(spec, false);
        Resources nonZero = PodRequests.of(spec, true);
        nonZeroMilliCpu = nonZero.milliCpu();
        nonZeroMemory = nonZero.memory();
        hostPorts = hostPorts(spec);
        tolerations = spec.getTolerations() == null ? List.of() : List.copyOf(spec.getTolerations());
        Affinity affinity = spec.getAffinity();
        var nodeAffinity = affinity == null ? null : affinity.getNodeAffinity();
        var required = nodeAffinity == null ? null : nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        requiredNodeAffinity = new RequiredNodeAffinity(
                spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector(),
                required == null ? null : NodeSelectorTerm.of(required.getNodeSelectorTerms()));
        List<WeightedNodeTerm> preferred = new ArrayList<>();
        if (nodeAffinity != null && nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            for (PreferredSchedulingTerm t : nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null) {
                    preferred.add(new WeightedNodeTerm(t.getWeight(), NodeSelectorTerm.of(t.getPreference())));
                }
            }
        }
        preferredNodeAffinity = List.copyOf(preferred);
        var pa = affinity == null ? null : affinity.getPodAffinity();
        var paa = affinity == null ? null : affinity.getPodAntiAffinity();
        requiredAffinity = terms(pa == null ? null : pa.getRequiredDuringSchedulingIgnoredDuringExecution());
        requiredAntiAffinity = terms(paa == null ? null : paa.getRequiredDuringSchedulingIgnoredDuringExecution());
        preferredAffinity = weightedTerms(pa == null ? null : pa.getPreferredDuringSchedulingIgnoredDuringExecution());
        preferredAntiAffinity = weightedTerms(paa == null ? null : paa.getPreferredDuringSchedulingIgnoredDuringExecution());
        spreadConstraints = spreadConstraints(spec.getTopologySpreadConstraints());
        List<String> imgs = new ArrayList<>();
        for (Container c : concat(spec.getInitContainers(), spec.getContainers())) {
            if (c.getImage() != null) {
                imgs.add(normalizedImage(c.getImage()));
            }
        }
        images = List.copyOf(imgs);
        List<String> claims = new ArrayList<>();
        List<String> ephemeral = new ArrayList<>();
        if (spec.getVolumes() != null) {
            for (Volume v : spec.getVolumes()) {
                if (v.getPersistentVolumeClaim() != null) {
                    claims.add(v.getPersistentVolumeClaim().getClaimName());
                } else if (v.getEphemeral() != null) {
                    // A generic ephemeral volume's claim is "<pod>-<volume>", made by the ephemeral volume controller.
                    claims.add(name + "-" + v.getName());
                    ephemeral.add(name + "-" + v.getName());
                }
            }
        }
        claimNames = List.copyOf(claims);
        ephemeralClaimNames = List.copyOf(ephemeral);
    }

    /** A copy placed on another node; everything else is shared (immutable). */
    private PodInfo(PodInfo o, String nodeName) {
        this.pod = o.pod;
        this.uid = o.uid;
        this.namespace = o.namespace;
        this.name = o.name;
        this.nodeName = nodeName;
        this.schedulerName = o.schedulerName;
        this.nominatedNodeName = o.nominatedNodeName;
        this.labels = o.labels;
        this.priority = o.priority;
        this.preemptNever = o.preemptNever;
        this.startTime = o.startTime;
        this.terminating = o.terminating;
        this.terminal = o.terminal;
        this.terminatingByPreemption = o.terminatingByPreemption;
        this.schedulingGated = o.schedulingGated;
        this.requests = o.requests;
        this.nonZeroMilliCpu = o.nonZeroMilliCpu;
        this.nonZeroMemory = o.nonZeroMemory;
        this.hostPorts = o.hostPorts;
        this.tolerations = o.tolerations;
        this.requiredNodeAffinity = o.requiredNodeAffinity;
        this.preferredNodeAffinity = o.preferredNodeAffinity;
        this.requiredAffinity = o.requiredAffinity;
        this.requiredAntiAffinity = o.requiredAntiAffinity;
        this.preferredAffinity = o.preferredAffinity;
        this.preferredAntiAffinity = o.preferredAntiAffinity;
        this.spreadConstraints = o.spreadConstraints;
        this.images = o.images;
        this.claimNames = o.claimNames;
        this.ephemeralClaimNames = o.ephemeralClaimNames;
    }

    public static PodInfo of(Pod pod) {
        return new PodInfo(pod);
    }

    /** From the JSON the API serves. */
    public static PodInfo of(ObjectNode json) {
        return new PodInfo(TypedObjects.pod(json));
    }

    /**
     * The same pod placed on {@code node} (the scheduler's "assume" before the binding is confirmed). Only
     * {@link #nodeName()} changes: {@link #pod()} stays the object as received.
     */
    public PodInfo withNodeName(String node) {
        return new PodInfo(this, node);
    }

    // --- accessors -------------------------------------------------------------------------------------------

    public Pod pod() { return pod; }
    public String uid() { return uid; }
    public String namespace() { return namespace; }
    public String name() { return name; }
    /** "namespace/name", as events and logs name pods. */
    public String key() { return namespace + "/" + name; }
    public String nodeName() { return nodeName; }
    public String schedulerName() { return schedulerName; }
    public String nominatedNodeName() { return nominatedNodeName; }
    public Map<String, String> labels() { return labels; }
    public int priority() { return priority; }
    public boolean preemptNever() { return preemptNever; }
    public Instant startTime() { return startTime; }
    public boolean terminating() { return terminating; }
    public boolean terminal() { return terminal; }
    public boolean terminatingByPreemption() { return terminatingByPreemption; }
    public boolean schedulingGated() { return schedulingGated; }
    public Resources requests() { return requests; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public List<HostPort> hostPorts() { return hostPorts; }
    public List<Toleration> tolerations() { return tolerations; }
    public RequiredNodeAffinity requiredNodeAffinity() { return requiredNodeAffinity; }
    public List<WeightedNodeTerm> preferredNodeAffinity() { return preferredNodeAffinity; }
    public List<AffinityTerm> requiredAffinity() { return requiredAffinity; }
    public List<AffinityTerm> requiredAntiAffinity() { return requiredAntiAffinity; }
    public List<AffinityTerm> preferredAffinity() { return preferredAffinity; }
    public List<AffinityTerm> preferredAntiAffinity() { return preferredAntiAffinity; }
    public List<SpreadConstraint> spreadConstraints() { return spreadConstraints; }
    /** Container images (init containers first), normalized with ":latest" when untagged. */
    public List<String> images() { return images; }
    public List<String> claimNames() { return claimNames; }
    /** The claims among {@link #claimNames()} that belong to generic ephemeral volumes. */
    public List<String> ephemeralClaimNames() { return ephemeralClaimNames; }

    /** Any pod affinity or anti-affinity, required or preferred (upstream's "pods with affinity" index). */
    public boolean hasAffinity() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty() || !preferredAffinity.isEmpty()
                || !preferredAntiAffinity.isEmpty();
    }

    /**
     * True when {@code other} differs from this pod at most in status and bookkeeping metadata (resourceVersion,
     * managedFields): such an update cannot change where the pod fits, as upstream's isPodUpdated decides.
     */
    public boolean sameSchedulingInputs(PodInfo other) {
        var a = pod.getMetadata();
        var b = other.pod.getMetadata();
        return java.util.Objects.equals(pod.getSpec(), other.pod.getSpec())
                && java.util.Objects.equals(a.getLabels(), b.getLabels())
                && java.util.Objects.equals(a.getAnnotations(), b.getAnnotations())
                && java.util.Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                && java.util.Objects.equals(a.getOwnerReferences(), b.getOwnerReferences());
    }

    public boolean isResponsibilityOf(String scheduler) {
        return schedulerName.equals(scheduler);
    }

    @Override
    public String toString() {
        return key();
    }

    // --- parsing -----------------------------------------------------------------------------------------------

    private static boolean isPreemptionDisruption(PodCondition c) {
        return "DisruptionTarget".equals(c.getType()) && "PreemptionByScheduler".equals(c.getReason());
    }

    private static List<HostPort> hostPorts(PodSpec spec) {
        List<HostPort> out = new ArrayList<>();
        List<Container> containers = new ArrayList<>(nullSafe(spec.getContainers()));
        for (Container c : nullSafe(spec.getInitContainers())) {
            if ("Always".equals(c.getRestartPolicy())) {
                containers.add(c);
            }
        }
        for (Container c : containers) {
            for (ContainerPort p : nullSafe(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    out.add(new HostPort(p.getHostIP(), p.getProtocol(), p.getHostPort()));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> terms(List<PodAffinityTerm> terms) {
        List<AffinityTerm> out = new ArrayList<>();
        for (PodAffinityTerm t : nullSafe(terms)) {
            out.add(term(t, 0));
        }
        return List.copyOf(out);
    }

    private List<AffinityTerm> weightedTerms(List<WeightedPodAffinityTerm> terms) {
        List<AffinityTerm> out = new ArrayList<>();
        for (WeightedPodAffinityTerm t : nullSafe(terms)) {
            if (t.getPodAffinityTerm() != null) {
                out.add(term(t.getPodAffinityTerm(), t.getWeight() == null ? 0 : t.getWeight()));
            }
        }
        return List.copyOf(out);
    }

    private AffinityTerm term(PodAffinityTerm t, int weight) {
        Set<String> namespaces = t.getNamespaces() == null || t.getNamespaces().isEmpty()
                ? (t.getNamespaceSelector() == null ? Set.of(namespace) : Set.of())
                : Set.copyOf(t.getNamespaces());
        ObjectNode selector = t.getLabelSelector() == null ? null : Json.MAPPER.valueToTree(t.getLabelSelector());
        if (selector != null) {
            withMatchLabelKeys(selector, t.getMatchLabelKeys(), "In");
            withMatchLabelKeys(selector, t.getMismatchLabelKeys(), "NotIn");
        }
        return new AffinityTerm(namespaces, selector(t.getNamespaceSelector()), selector(selector),
                t.getTopologyKey(), weight);
    }

    private List<SpreadConstraint> spreadConstraints(List<TopologySpreadConstraint> constraints) {
        List<SpreadConstraint> out = new ArrayList<>();
        for (TopologySpreadConstraint c : nullSafe(constraints)) {
            ObjectNode selector = c.getLabelSelector() == null ? null : Json.MAPPER.valueToTree(c.getLabelSelector());
            if (selector != null) {
                withMatchLabelKeys(selector, c.getMatchLabelKeys(), "In");
            }
            out.add(new SpreadConstraint(
                    c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                    c.getTopologyKey(),
                    !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()),
                    selector(selector),
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    !"Ignore".equals(c.getNodeAffinityPolicy()),
                    "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return List.copyOf(out);
    }

    /** matchLabelKeys: the pod's own value of each key joins the selector (keys the pod lacks are ignored). */
    private void withMatchLabelKeys(ObjectNode selector, List<String> keys, String operator) {
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            String value = labels.get(key);
            if (value == null) {
                continue;
            }
            ArrayNode exprs = selector.withArray("matchExpressions");
            ObjectNode e = exprs.addObject();
            e.put("key", key);
            e.put("operator", operator);
            e.putArray("values").add(value);
        }
    }

    private static LabelSelector selector(Object selector) {
        if (selector == null) {
            return LabelSelector.nothing();
        }
        JsonNode json = selector instanceof JsonNode j ? j : Json.MAPPER.valueToTree(selector);
        try {
            return LabelSelector.fromJson(json);
        } catch (SelectorException e) {
            return LabelSelector.nothing(); // an invalid selector selects nothing rather than everything
        }
    }

    /** Upstream's ImageLocality normalization: an image without a tag means ":latest". */
    public static String normalizedImage(String image) {
        return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
    }

    private static Instant parseTime(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> List<T> nullSafe(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static List<Container> concat(List<Container> a, List<Container> b) {
        List<Container> out = new ArrayList<>(nullSafe(a));
        out.addAll(nullSafe(b));
        return out;
    }
}
