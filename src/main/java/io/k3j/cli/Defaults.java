package io.k3j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Default paths as K3s chooses them: system paths for root, the home directory otherwise. */
final class Defaults {

    private Defaults() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path dataDir() {
        return isRoot() ? Path.of("/var/lib/rancher/k3j") : Path.of(System.getProperty("user.home"), ".rancher", "k3j");
    }

    static Path kubeconfig() {
        return isRoot() ? Path.of("/etc/rancher/k3j/k3j.yaml") : Path.of(System.getProperty("user.home"), ".kube", "k3j.yaml");
    }

    static Path configFile() {
        return isRoot() ? Path.of("/etc/rancher/k3j/config.yaml")
                : Path.of(System.getProperty("user.home"), ".rancher", "k3j", "config.yaml");
    }

    /** The kernel's hostname, read without a DNS lookup (InetAddress.getLocalHost may block on DNS). */
    static String hostname() {
        String name = null;
        try {
            name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException ignored) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank()) {
            name = "localhost";
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
