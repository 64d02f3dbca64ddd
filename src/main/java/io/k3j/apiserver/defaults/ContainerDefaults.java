package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;
import static io.k3j.apiserver.defaults.Fields.object;
import static io.k3j.apiserver.defaults.Fields.positive;
import static io.k3j.apiserver.defaults.Fields.text;

/** upstream's SetDefaults_Container and what the generated defaulter calls beneath it (ports, env, probes, hooks). */
final class ContainerDefaults {

    static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    private ContainerDefaults() {
    }

    /** One container, init container or ephemeral container. */
    static void container(ObjectNode c) {
        if (Fields.unsetText(c, "imagePullPolicy")) {
            c.put("imagePullPolicy", "latest".equals(imageTag(c.path("image").asText(""))) ? "Always" : "IfNotPresent");
        }
        text(c, "terminationMessagePath", TERMINATION_MESSAGE_PATH);
        text(c, "terminationMessagePolicy", "File");
        eachObject(c, "ports", p -> text(p, "protocol", "TCP"));
        eachObject(c, "env", e -> ifObject(e.get("valueFrom"), "fieldRef", ContainerDefaults::fieldRef));
        object(c, "resources"); // a struct, not a pointer, upstream: it always prints, as {} when empty
        for (String probe : new String[]{"livenessProbe", "readinessProbe", "startupProbe"}) {
            ifObject(c, probe, ContainerDefaults::probe);
        }
        ifObject(c, "lifecycle", l -> {
            ifObject(l, "postStart", h -> ifObject(h, "httpGet", ContainerDefaults::httpGet));
            ifObject(l, "preStop", h -> ifObject(h, "httpGet", ContainerDefaults::httpGet));
        });
    }

    static void fieldRef(ObjectNode ref) {
        text(ref, "apiVersion", "v1");
    }

    private static void probe(ObjectNode p) {
        positive(p, "timeoutSeconds", 1);
        positive(p, "periodSeconds", 10);
        positive(p, "successThreshold", 1);
        positive(p, "failureThreshold", 3);
        ifObject(p, "httpGet", ContainerDefaults::httpGet);
    }

    private static void httpGet(ObjectNode h) {
        text(h, "path", "/");
        text(h, "scheme", "HTTP");
    }

    /**
     * The tag the image reference names, as upstream's image-name parser reports it: "latest" when there is neither a
     * tag nor a digest, "" for a digest-only reference or one the parser refuses (empty, or upper case in the name).
     */
    static String imageTag(String image) {
        if (image.isBlank()) {
            return "";
        }
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        String tag = colon > slash ? ref.substring(colon + 1) : "";
        String name = colon > slash ? ref.substring(0, colon) : ref;
        // The registry host may have upper case; the repository path may not.
        int firstSlash = name.indexOf('/');
        String path = firstSlash >= 0 && looksLikeHost(name.substring(0, firstSlash)) ? name.substring(firstSlash + 1) : name;
        if (!path.equals(path.toLowerCase(java.util.Locale.ROOT))) {
            return "";
        }
        return tag.isEmpty() && !digest ? "latest" : tag;
    }

    private static boolean looksLikeHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }
}
