package io.k3j.pki;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One certificate file as {@code k3j certificate check} reports it (the first cert of the file, i.e.
 * the leaf when the file holds a chain).
 *
 * @param daysLeft whole days until {@code notAfter}; negative once expired
 */
public record CertInfo(Path file, String subject, String issuer, Instant notBefore, Instant notAfter,
                       long daysLeft, Status status) {

    public enum Status {
        OK,
        /** Within the renewal window: the next start renews it. */
        WARNING,
        EXPIRED
    }
}
