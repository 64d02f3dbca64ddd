package io.k3j.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulated nodes the server runs in-process ({@code --hollow-nodes N}, {@code --hollow-node-capacity}): named
 * {@code hollow-0} … {@code hollow-N-1}, each with this capacity (quantities as Kubernetes writes them).
 */
public record HollowNodes(int count, Map<String, String> capacity) {

    public static final HollowNodes NONE = new HollowNodes(0, defaults());

    public HollowNodes {
        capacity = Map.copyOf(capacity);
    }

    /** The i-th simulated node's name. */
    public static String nodeName(int i) {
        return "hollow-" + i;
    }

    /** Every simulated node's name, in order. */
    public java.util.List<String> names() {
        return java.util.stream.IntStream.range(0, count).mapToObj(HollowNodes::nodeName).toList();
    }

    static Map<String, String> defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", "4");
        m.put("memory", "8Gi");
        m.put("pods", "110");
        m.put("ephemeral-storage", "100Gi");
        return m;
    }

    /** Parses {@code cpu=4,memory=8Gi,pods=110}; keys not given keep their defaults. */
    public static HollowNodes parse(int count, String capacity) {
        if (count < 0 || count > 10_000) {
            throw new IllegalArgumentException("--hollow-nodes " + count + " is out of range (0-10000)");
        }
        Map<String, String> m = defaults();
        if (capacity != null && !capacity.isBlank()) {
            for (String part : capacity.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || !kv[1].trim().matches("[0-9]+(\\.[0-9]+)?([mkMGTPE]i?|[numkMGTPE])?")) {
                    throw new IllegalArgumentException("--hollow-node-capacity \"" + part.trim()
                            + "\" is not resource=quantity (e.g. cpu=4,memory=8Gi,pods=110)");
                }
                m.put(kv[0].trim(), kv[1].trim());
            }
        }
        return new HollowNodes(count, m);
    }
}
