package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Offline certificate rotation under {@code <data-dir>/server/tls}, for {@code k3j certificate rotate} and
 * {@code rotate-ca} while the server is stopped, in K3s's manner: the chosen files are moved into a backup
 * directory {@code <data-dir>/server/tls-<unix seconds>} and the next start issues them afresh (new keys) from the
 * CAs, rewriting the kubeconfigs. The CAs stay unless rotate-ca replaces them, so clients holding the old CA and
 * even the old client certificates keep working.
 */
public final class CertRotation {

    /** K3s's service names → the k3j files (without extension) each covers; names K3s has and k3j does not map to nothing. */
    public static final Map<String, List<String>> SERVICES;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("admin", List.of("client-admin"));
        m.put("api-server", List.of("client-kube-apiserver", "serving-kube-apiserver"));
        m.put("controller-manager", List.of("client-controller"));
        m.put("scheduler", List.of("client-scheduler"));
        m.put("k3s-controller", List.of("client-k3j-controller"));
        m.put("k3j-controller", List.of("client-k3j-controller"));
        // K3s's supervisor serves on the API port with its own certificate; k3j's one listener uses the API's.
        m.put("k3s-server", List.of("serving-kube-apiserver"));
        m.put("k3j-server", List.of("serving-kube-apiserver"));
        m.put("kubelet", List.of("client-kubelet", "serving-kubelet"));
        m.put("kube-proxy", List.of("client-kube-proxy"));
        m.put("auth-proxy", List.of("client-auth-proxy"));
        m.put("cloud-controller", List.of("client-cloud-controller"));
        m.put("etcd", List.of());
        SERVICES = java.util.Collections.unmodifiableMap(m);
    }

    /** The CAs, by file base. */
    public static final List<String> CAS = List.of("server-ca", "client-ca", "request-header-ca");

    private CertRotation() {
    }

    /**
     * Moves the leaf certificates and keys of the services (all leaves when empty) into a new backup directory.
     *
     * @return the backup directory and the file bases moved
     * @throws IllegalArgumentException for an unknown service name
     */
    public static Result rotate(Path tlsDir, List<String> services, Clock clock) throws IOException {
        Set<String> bases = new LinkedHashSet<>();
        if (services.isEmpty()) {
            bases.addAll(leafBases(tlsDir));
        } else {
            for (String s : services) {
                List<String> files = SERVICES.get(s);
                if (files == null) {
                    throw new IllegalArgumentException("unknown service " + s + "; known: " + String.join(", ", SERVICES.keySet()));
                }
                bases.addAll(files);
            }
        }
        Path backup = backupDir(tlsDir, clock);
        List<String> moved = new ArrayList<>();
        for (String base : bases) {
            if (moveIfExists(tlsDir, backup, base + ".crt") | moveIfExists(tlsDir, backup, base + ".key")) {
                moved.add(base);
            }
        }
        return new Result(backup, moved);
    }

    public record Result(Path backup, List<String> moved) {
    }

    /**
     * Replaces CAs with those in {@code newDir} ({@code <name>.crt} and {@code .key} for any of {@link #CAS}) and
     * moves every leaf they signed out, so the next start re-issues them. Without {@code force} a new CA must keep the
     * current trust: its certificate file must chain to the current CA (an intermediate the current CA signed, or a
     * bundle that holds the current CA), so clients that only know the current CA keep working; with {@code force}
     * any CA is taken and every client needs the new one.
     *
     * @return the backup directory and the files replaced or moved
     * @throws IllegalArgumentException when the staged files are incomplete, do not match, or break trust without force
     */
    public static Result rotateCa(Path tlsDir, Path newDir, boolean force, Clock clock) throws IOException {
        Map<String, CertificateAuthority> staged = new LinkedHashMap<>();
        for (String ca : CAS) {
            Path crt = newDir.resolve(ca + ".crt");
            Path key = newDir.resolve(ca + ".key");
            if (!Files.exists(crt) && !Files.exists(key)) {
                continue;
            }
            if (!Files.exists(crt) || !Files.exists(key)) {
                throw new IllegalArgumentException(newDir + ": " + ca + ".crt and " + ca + ".key must be given together");
            }
            CertificateAuthority next;
            try {
                next = CertificateAuthority.load(newDir, ca);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (next.cert().getBasicConstraints() < 0) {
                throw new IllegalArgumentException(crt + " is not a CA certificate (basicConstraints CA:false)");
            }
            if (!force) {
                X509Certificate current = Pem.readCertificates(tlsDir.resolve(ca + ".crt")).getFirst();
                if (!keepsTrust(Pem.readCertificates(crt), current)) {
                    throw new IllegalArgumentException("the new " + ca + " does not chain to the current one: clients that "
                            + "trust only the current CA would reject it; stage a certificate signed by the current CA "
                            + "(or a bundle that includes it), or use --force");
                }
            }
            staged.put(ca, next);
        }
        if (staged.isEmpty()) {
            throw new IllegalArgumentException("no CA files in " + newDir + " (expected any of "
                    + String.join(", ", CAS.stream().map(c -> c + ".crt/.key").toList()) + ")");
        }
        Path backup = backupDir(tlsDir, clock);
        List<String> moved = new ArrayList<>();
        for (String base : leafBases(tlsDir)) {
            X509Certificate leaf = Pem.readCertificates(tlsDir.resolve(base + ".crt")).getFirst();
            boolean signedByReplaced = false;
            for (String ca : staged.keySet()) {
                X509Certificate current = Pem.readCertificates(tlsDir.resolve(ca + ".crt")).getFirst();
                signedByReplaced |= PkiFiles.signedBy(leaf, current);
            }
            if (signedByReplaced && (moveIfExists(tlsDir, backup, base + ".crt") | moveIfExists(tlsDir, backup, base + ".key"))) {
                moved.add(base);
            }
        }
        for (Map.Entry<String, CertificateAuthority> e : staged.entrySet()) {
            String ca = e.getKey();
            Files.copy(tlsDir.resolve(ca + ".crt"), backup.resolve(ca + ".crt"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(tlsDir.resolve(ca + ".key"), backup.resolve(ca + ".key"), StandardCopyOption.COPY_ATTRIBUTES);
            AtomicFiles.write(tlsDir.resolve(ca + ".key"), Files.readAllBytes(newDir.resolve(ca + ".key")), PkiFiles.KEY_MODE);
            AtomicFiles.write(tlsDir.resolve(ca + ".crt"), e.getValue().certPem().getBytes(StandardCharsets.US_ASCII),
                    PkiFiles.CERT_MODE);
            moved.add(ca);
        }
        return new Result(backup, moved);
    }

    /** The staged bundle holds the current CA, or its first certificate was signed by the current CA. */
    static boolean keepsTrust(List<X509Certificate> staged, X509Certificate current) {
        if (staged.contains(current)) {
            return true;
        }
        return PkiFiles.signedBy(staged.getFirst(), current);
    }

    /** Every {@code <base>.crt} with a key beside it that is not a CA. */
    static Set<String> leafBases(Path tlsDir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (var files = Files.list(tlsDir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".crt")) {
                    continue;
                }
                String base = name.substring(0, name.length() - 4);
                if (CAS.contains(base) || !Files.exists(tlsDir.resolve(base + ".key"))) {
                    continue;
                }
                out.add(base);
            }
        }
        return out;
    }

    private static Path backupDir(Path tlsDir, Clock clock) throws IOException {
        Path dir = tlsDir.resolveSibling("tls-" + clock.instant().getEpochSecond());
        for (int i = 1; Files.exists(dir); i++) {
            dir = tlsDir.resolveSibling("tls-" + clock.instant().getEpochSecond() + "-" + i);
        }
        AtomicFiles.createPrivateDirectories(dir, 0700);
        return dir;
    }

    private static boolean moveIfExists(Path from, Path to, String name) throws IOException {
        Path src = from.resolve(name);
        if (!Files.exists(src)) {
            return false;
        }
        Files.move(src, to.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
