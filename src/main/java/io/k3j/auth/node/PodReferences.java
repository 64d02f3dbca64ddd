package io.k3j.auth.node;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a pod points at, read from its JSON as upstream's pod visitors do: the secrets and configmaps of every
 * container kind (env, envFrom), of its volumes (secret, configMap, projected, and the volume plugins that take a
 * secretRef) and of imagePullSecrets; its PersistentVolumeClaims (including generic ephemeral volumes' claims,
 * named {@code <pod>-<volume>}); its ResourceClaims; and its ServiceAccount.
 */
public final class PodReferences {

    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    /** Volume sources whose secret is at secretRef.name. */
    private static final List<String> SECRET_REF_VOLUMES = List.of("cephfs", "cinder", "flexVolume", "rbd", "scaleIO",
            "iscsi", "storageos");

    private PodReferences() {
    }

    /** Whether the pod is a static pod's mirror (the kubelet's own copy, which must not grant anything). */
    public static boolean isMirror(JsonNode pod) {
        return pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION);
    }

    /**
     * Everything a pod bound to a node lets that node read (not the pod itself). A mirror pod grants nothing: a
     * node creates those itself, and must not gain access to objects by naming them.
     */
    public static Set<ObjectRef> of(JsonNode pod) {
        Set<ObjectRef> refs = new LinkedHashSet<>();
        if (isMirror(pod)) {
            return refs;
        }
        String ns = pod.path("metadata").path("namespace").asText("");
        String sa = pod.path("spec").path("serviceAccountName").asText("");
        if (!sa.isEmpty()) {
            refs.add(new ObjectRef(ObjectRef.Kind.SERVICE_ACCOUNT, ns, sa));
        }
        secretNames(pod).forEach(n -> refs.add(new ObjectRef(ObjectRef.Kind.SECRET, ns, n)));
        configMapNames(pod).forEach(n -> refs.add(new ObjectRef(ObjectRef.Kind.CONFIGMAP, ns, n)));
        claimNames(pod).forEach(n -> refs.add(new ObjectRef(ObjectRef.Kind.PVC, ns, n)));
        resourceClaimNames(pod).forEach(n -> refs.add(new ObjectRef(ObjectRef.Kind.RESOURCE_CLAIM, ns, n)));
        return refs;
    }

    /** Names of the secrets the pod references, in its namespace. */
    public static Set<String> secretNames(JsonNode pod) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode s : spec.path("imagePullSecrets")) {
            add(names, s.path("name"));
        }
        for (JsonNode c : containers(spec)) {
            for (JsonNode from : c.path("envFrom")) {
                add(names, from.path("secretRef").path("name"));
            }
            for (JsonNode env : c.path("env")) {
                add(names, env.path("valueFrom").path("secretKeyRef").path("name"));
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            add(names, v.path("secret").path("secretName"));
            add(names, v.path("azureFile").path("secretName"));
            for (String source : SECRET_REF_VOLUMES) {
                add(names, v.path(source).path("secretRef").path("name"));
            }
            add(names, v.path("csi").path("nodePublishSecretRef").path("name"));
            for (JsonNode src : v.path("projected").path("sources")) {
                add(names, src.path("secret").path("name"));
            }
        }
        return names;
    }

    /** Names of the configmaps the pod references, in its namespace. */
    public static Set<String> configMapNames(JsonNode pod) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode c : containers(spec)) {
            for (JsonNode from : c.path("envFrom")) {
                add(names, from.path("configMapRef").path("name"));
            }
            for (JsonNode env : c.path("env")) {
                add(names, env.path("valueFrom").path("configMapKeyRef").path("name"));
            }
        }
        for (JsonNode v : spec.path("volumes")) {
            add(names, v.path("configMap").path("name"));
            for (JsonNode src : v.path("projected").path("sources")) {
                add(names, src.path("configMap").path("name"));
            }
        }
        return names;
    }

    /** The PersistentVolumeClaims the pod mounts: named ones, and generic ephemeral volumes' {@code <pod>-<volume>}. */
    public static Set<String> claimNames(JsonNode pod) {
        Set<String> names = new LinkedHashSet<>();
        String podName = pod.path("metadata").path("name").asText("");
        for (JsonNode v : pod.path("spec").path("volumes")) {
            add(names, v.path("persistentVolumeClaim").path("claimName"));
            if (v.has("ephemeral")) {
                names.add(podName + "-" + v.path("name").asText(""));
            }
        }
        return names;
    }

    /**
     * The ResourceClaims the pod uses: a named claim, or a template's claim once the controller has recorded its
     * generated name in status.resourceClaimStatuses (before that there is nothing to read yet).
     */
    public static Set<String> resourceClaimNames(JsonNode pod) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode claim : pod.path("spec").path("resourceClaims")) {
            if (claim.hasNonNull("resourceClaimName")) {
                add(names, claim.path("resourceClaimName"));
            } else if (claim.hasNonNull("resourceClaimTemplateName")) {
                String entry = claim.path("name").asText("");
                for (JsonNode st : pod.path("status").path("resourceClaimStatuses")) {
                    if (entry.equals(st.path("name").asText())) {
                        add(names, st.path("resourceClaimName"));
                    }
                }
            }
        }
        add(names, pod.path("status").path("extendedResourceClaimStatus").path("resourceClaimName"));
        return names;
    }

    private static List<JsonNode> containers(JsonNode spec) {
        List<JsonNode> all = new java.util.ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            spec.path(list).forEach(all::add);
        }
        return all;
    }

    private static void add(Set<String> names, JsonNode name) {
        if (name.isTextual() && !name.asText().isEmpty()) {
            names.add(name.asText());
        }
    }
}
