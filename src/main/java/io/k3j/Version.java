package io.k3j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The k3j version and the Kubernetes version it serves, stamped into the jar at build time. */
public record Version(String k3j, String kubernetes) {

    private static final Version CURRENT = load();

    public static Version current() {
        return CURRENT;
    }

    /** Kubernetes minor as served in /version, e.g. "33" for v1.33.4. */
    public String kubernetesMinor() {
        return kubernetes.replaceFirst("^v?\\d+\\.(\\d+).*$", "$1");
    }

    public String kubernetesMajor() {
        return kubernetes.replaceFirst("^v?(\\d+)\\..*$", "$1");
    }

    /** The gitVersion as K3s prints it: the Kubernetes version with the distribution suffix. */
    public String gitVersion() {
        return kubernetes + "+k3j" + k3j.replace("-SNAPSHOT", "");
    }

    private static Version load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return new Version("dev", "v1.33.0");
            }
            Properties p = new Properties();
            p.load(in);
            return new Version(p.getProperty("k3j.version"), p.getProperty("kubernetes.version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
