package io.k3j.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.support.ObjectFields;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The projected {@code kube-api-access-xxxxx} volume upstream gives every pod that automounts its token: a bound
 * token (3607 s, which the kubelet refreshes), the cluster CA from the kube-root-ca.crt ConfigMap and the pod's
 * namespace, mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in every container and init
 * container that has nothing mounted there already.
 */
final class TokenVolume {

    static final String PREFIX = "kube-api-access-";
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** Upstream's generated-name alphabet: no vowels (no words), no confusable 0/1/3. */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int SUFFIX_LENGTH = 5;
    private static final int TOKEN_SECONDS = 3607;
    private static final int DEFAULT_MODE = 420; // 0644

    private final RandomGenerator random;

    TokenVolume(RandomGenerator random) {
        this.random = random;
    }

    void mount(ObjectNode pod) {
        ObjectNode spec = ObjectFields.object(pod, "spec");
        String volumeName = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asText().startsWith(PREFIX)) {
                volumeName = v.path("name").asText();
                break;
            }
        }
        boolean hasVolume = volumeName != null;
        if (!hasVolume) {
            volumeName = PREFIX + suffix();
        }
        boolean needed = false;
        for (String field : List.of("initContainers", "containers")) {
            for (ObjectNode c : ObjectFields.containers(pod, field)) {
                needed |= mountIn(c, volumeName);
            }
        }
        if (needed && !hasVolume) {
            ObjectFields.array(spec, "volumes").add(volume(volumeName));
        }
    }

    /** Adds the mount unless something is mounted at the path already; true when added. */
    private static boolean mountIn(ObjectNode container, String volumeName) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (MOUNT_PATH.equals(m.path("mountPath").asText())) {
                return false;
            }
        }
        ObjectFields.array(container, "volumeMounts").addObject()
                .put("name", volumeName).put("readOnly", true).put("mountPath", MOUNT_PATH);
        return true;
    }

    private static ObjectNode volume(String name) {
        ObjectNode v = io.k3j.apiserver.rest.Json.MAPPER.createObjectNode().put("name", name);
        ObjectNode projected = v.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_SECONDS).put("path", "token");
        ObjectNode cm = sources.addObject().putObject("configMap");
        cm.put("name", "kube-root-ca.crt");
        cm.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject()
                .put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", DEFAULT_MODE);
        return v;
    }

    private String suffix() {
        StringBuilder b = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
