package io.k3j.config;

/**
 * A range of ports as kube-apiserver's {@code --service-node-port-range} takes it: {@code 30000-32767},
 * {@code 30000+2767} (base plus the count after it) or a single port. Both ends are inclusive.
 *
 * @param base the first port
 * @param size how many ports, at least one
 */
public record PortRange(int base, int size) {

    /** kube-apiserver's default NodePort range. */
    public static final PortRange DEFAULT_NODE_PORTS = new PortRange(30000, 2768);

    public PortRange {
        if (base < 1 || size < 1 || base + size - 1 > 65535) {
            throw new IllegalArgumentException("invalid port range " + base + "+" + (size - 1));
        }
    }

    public static PortRange parse(String text) {
        String s = text == null ? "" : text.trim();
        try {
            int dash = s.indexOf('-');
            int plus = s.indexOf('+');
            if (dash > 0) {
                int low = Integer.parseInt(s.substring(0, dash));
                int high = Integer.parseInt(s.substring(dash + 1));
                return checked(text, low, high);
            }
            if (plus > 0) {
                int low = Integer.parseInt(s.substring(0, plus));
                int extra = Integer.parseInt(s.substring(plus + 1));
                return checked(text, low, low + extra);
            }
            int port = Integer.parseInt(s);
            return checked(text, port, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port range \"" + text + "\": expected e.g. 30000-32767");
        }
    }

    private static PortRange checked(String text, int low, int high) {
        if (low < 1 || high > 65535 || high < low) {
            throw new IllegalArgumentException("invalid port range \"" + text + "\": ports must be 1-65535, low to high");
        }
        return new PortRange(low, high - low + 1);
    }

    public int last() {
        return base + size - 1;
    }

    public boolean contains(int port) {
        return port >= base && port <= last();
    }

    /** As upstream prints a range in its errors: {@code 30000-32767}. */
    @Override
    public String toString() {
        return base + "-" + last();
    }
}
