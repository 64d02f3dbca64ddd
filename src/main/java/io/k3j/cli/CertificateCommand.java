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

/** `k3j certificate check`: every certificate under the data dir with its expiry, like K3s's. */
@Command(name = "certificate", description = "Manage the cluster's certificates.",
        subcommands = CertificateCommand.Check.class)
public final class CertificateCommand implements Runnable {

    @Override
    public void run() {
        System.err.println("k3j certificate: error: a subcommand is required (check)");
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
}
