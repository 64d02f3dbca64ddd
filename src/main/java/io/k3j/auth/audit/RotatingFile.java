package io.k3j.auth.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An append-only log file rotated by size with the naming and clean-up kube-apiserver's log backend has
 * (lumberjack): when a write would take {@code audit.log} past the limit it is renamed
 * {@code audit-2026-11-28T13-00-00.000.log} (UTC) and a new one begun; then backups beyond {@code maxBackups}
 * (newest kept) and older than {@code maxAgeDays} are removed (0 = no limit). New files are mode 0600.
 * Not thread-safe: one writer thread owns it.
 */
public final class RotatingFile implements AuditBackend.Sink {

    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS", Locale.ROOT);

    private final Path file;
    private final long maxBytes;
    private final int maxBackups;
    private final int maxAgeDays;
    private final Clock clock;
    private final String stem;
    private final String ext;
    private OutputStream out;
    private long size;

    /** @param maxSizeMegabytes 0 = lumberjack's default, 100 */
    public RotatingFile(Path file, int maxSizeMegabytes, int maxBackups, int maxAgeDays, Clock clock) {
        this.file = file.toAbsolutePath();
        this.maxBytes = (maxSizeMegabytes > 0 ? maxSizeMegabytes : 100) * 1024L * 1024L;
        this.maxBackups = maxBackups;
        this.maxAgeDays = maxAgeDays;
        this.clock = clock;
        String name = this.file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.ext = dot > 0 ? name.substring(dot) : "";
    }

    /** Opens the file for appending (creating it and its directory). */
    @Override
    public void open() throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        size = Files.size(file);
        out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    }

    @Override
    public void write(byte[] line) throws IOException {
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        Path backup = file.resolveSibling(stem + "-" + BACKUP_TIME.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)) + ext);
        Files.move(file, backup);
        open();
        removeOldBackups();
    }

    private void removeOldBackups() throws IOException {
        record Backup(Path path, Instant time) {
        }
        List<Backup> backups = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent(), stem + "-*" + ext)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                String t = n.substring(stem.length() + 1, n.length() - ext.length());
                try {
                    backups.add(new Backup(p, LocalDateTime.parse(t, BACKUP_TIME).toInstant(ZoneOffset.UTC)));
                } catch (DateTimeParseException notOurs) {
                    // a file that only looks like a backup: leave it alone
                }
            }
        }
        backups.sort(Comparator.comparing(Backup::time).reversed());
        Instant cutoff = maxAgeDays > 0 ? clock.instant().minus(Duration.ofDays(maxAgeDays)) : null;
        for (int i = 0; i < backups.size(); i++) {
            Backup b = backups.get(i);
            if ((maxBackups > 0 && i >= maxBackups) || (cutoff != null && b.time().isBefore(cutoff))) {
                Files.deleteIfExists(b.path());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
