package io.k3j.cli;

import io.k3j.pki.CertInfo;
import io.k3j.pki.CertificateInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `k3j certificate check|rotate|rotate-ca`, like K3s's: list certificates with their expiry; re-issue leaf
 * certificates (keeping the CAs) at the next start; replace CAs with staged ones. Rotation runs with the server
 * stopped.
 */
@Command(name = "certificate", description = "Manage the cluster's certificates.",
        subcommands = {CertificateCommand.Check.class, CertificateCommand.Rotate.class, CertificateCommand.RotateCa.class})
public final class CertificateCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("k3j certificate: error: a subcommand is required (check, rotate, rotate-ca)");
    }

    @Command(name = "check", description = "List every certificate with its expiry.")
    static final class Check implements Callable<Integer> {

        @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE})")
        Path dataDir = Defaults.dataDir();

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or text")
        String output = "table";

        @Override
        public Integer call() throws Exception {
            Path tls = dataDir.resolve("server").resolve("tls");
            if (!Files.isDirectory(tls)) {
                throw new IllegalArgumentException("no certificates at " + tls + " (has the server run with this --data-dir?)");
            }
            List<CertInfo> certs = CertificateInventory.list(tls, Clock.systemUTC());
            boolean bad = false;
            System.out.printf("%-44s %-48s %-20s %8s  %s%n", "FILENAME", "SUBJECT", "EXPIRES", "DAYS", "STATUS");
            for (CertInfo c : certs) {
                System.out.printf("%-44s %-48s %-20s %8d  %s%n", tls.relativize(c.file()), abbreviate(c.subject(), 48),
                        DateTimeFormatter.ISO_INSTANT.format(c.notAfter()).substring(0, 19), c.daysLeft(), c.status());
                bad |= c.status() == CertInfo.Status.EXPIRED;
            }
            return bad ? 1 : 0;
        }

        private static String abbreviate(String s, int n) {
            return s.length() <= n ? s : s.substring(0, n - 1) + "…";
        }
    }

    /** Refuses while a server has this data dir's SQLite datastore open (its lock is held). */
    static void requireStopped(Path dataDir) throws java.io.IOException {
        Path db = dataDir.resolve("server").resolve("db").resolve("state.db");
        if (!Files.exists(db)) {
            return;
        }
        try (io.k3j.store.sqlite.FileLock lock = io.k3j.store.sqlite.FileLock.tryAcquire(db)) {
            if (lock == null) {
                throw new IllegalArgumentException("the k3j server is running on " + dataDir
                        + "; stop it first (certificates are rotated offline and re-issued at the next start)");
            }
        }
    }

    static Path tlsDir(Path dataDir) {
        Path tls = dataDir.resolve("server").resolve("tls");
        if (!Files.isDirectory(tls)) {
            throw new IllegalArgumentException("no certificates at " + tls + " (has the server run with this --data-dir?)");
        }
        return tls;
    }

    @Command(name = "rotate", description = "Re-issue leaf certificates (new keys) at the next start, keeping the CAs.")
    static final class Rotate implements Callable<Integer> {

        @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE})")
        Path dataDir = Defaults.dataDir();

        @Option(names = {"-s", "--service"}, paramLabel = "NAME", split = ",",
                description = "Only these services (repeatable): admin, api-server, controller-manager, scheduler, "
                        + "k3s-controller, k3s-server, kubelet, kube-proxy, auth-proxy, cloud-controller, etcd")
        List<String> services = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path tls = tlsDir(dataDir);
            requireStopped(dataDir);
            io.k3j.pki.CertRotation.Result r = io.k3j.pki.CertRotation.rotate(tls, services, Clock.systemUTC());
            if (r.moved().isEmpty()) {
                System.out.println("no certificates to rotate");
            } else {
                System.out.println("certificates backed up to " + r.backup() + ": " + String.join(", ", r.moved()));
                System.out.println("start the server to issue them again; the CAs are unchanged, so clients keep working");
            }
            return 0;
        }
    }

    @Command(name = "rotate-ca", description = "Replace CAs with the staged ones in --path (server stopped).")
    static final class RotateCa implements Callable<Integer> {

        @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE})")
        Path dataDir = Defaults.dataDir();

        @Option(names = "--path", required = true, paramLabel = "DIR",
                description = "Directory with the new server-ca, client-ca and/or request-header-ca .crt/.key")
        Path path;

        @Option(names = "--force", description = "Take CAs that do not chain to the current ones (every client needs the new CA)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Path tls = tlsDir(dataDir);
            requireStopped(dataDir);
            io.k3j.pki.CertRotation.Result r = io.k3j.pki.CertRotation.rotateCa(tls, path, force, Clock.systemUTC());
            System.out.println("replaced and re-issued (backup in " + r.backup() + "): " + String.join(", ", r.moved()));
            System.out.println("start the server to issue the certificates again; kubeconfigs are rewritten at start");
            return 0;
        }
    }
}
