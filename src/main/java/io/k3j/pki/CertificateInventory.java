package io.k3j.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;

/** Lists the certificates under the tls dir with their expiry state, for {@code k3j certificate check}. */
public final class CertificateInventory {

    private static final Logger LOG = Logger.getLogger(CertificateInventory.class.getName());

    private CertificateInventory() {}

    /** Every {@code *.crt} below {@code tlsDir}, sorted by path; unreadable files are logged and skipped. */
    public static List<CertInfo> list(Path tlsDir, Clock clock) throws IOException {
        Instant now = clock.instant();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tlsDir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".crt") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        }
        List<CertInfo> out = new ArrayList<>(files.size());
        for (Path file : files) {
            X509Certificate cert;
            try {
                cert = Pem.readCertificate(file);
            } catch (IOException e) {
                LOG.warning(() -> "skipping unreadable certificate " + file + ": " + e.getMessage());
                continue;
            }
            out.add(info(file, cert, now));
        }
        return out;
    }

    static CertInfo info(Path file, X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        long daysLeft = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L);
        CertInfo.Status status;
        if (!notAfter.isAfter(now)) {
            status = CertInfo.Status.EXPIRED;
        } else if (notAfter.minus(PkiFiles.RENEW_BEFORE).isBefore(now)) {
            status = CertInfo.Status.WARNING;
        } else {
            status = CertInfo.Status.OK;
        }
        return new CertInfo(file, cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                cert.getNotBefore().toInstant(), notAfter, daysLeft, status);
    }
}
