package io.k3j.config;

import java.util.Set;

/**
 * A taint a node registers with ({@code --node-taint key[=value]:Effect}, kubelet's {@code --register-with-taints}).
 * As in K3s, it applies when the Node is created; a node that already exists keeps the taints it has.
 */
public record NodeTaint(String key, String value, String effect) {

    static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    public NodeTaint {
        if (key == null || key.isBlank() || value == null || !EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("invalid taint");
        }
    }

    /** Parses {@code key=value:Effect} or {@code key:Effect}. */
    public static NodeTaint parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.lastIndexOf(':');
        String effect = colon < 0 ? "" : t.substring(colon + 1);
        String kv = colon < 0 ? t : t.substring(0, colon);
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String value = eq < 0 ? "" : kv.substring(eq + 1);
        if (key.isEmpty() || !EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("--node-taint \"" + text + "\" is not key[=value]:Effect with Effect one of "
                    + "NoSchedule, PreferNoSchedule, NoExecute");
        }
        return new NodeTaint(key, value, effect);
    }
}
