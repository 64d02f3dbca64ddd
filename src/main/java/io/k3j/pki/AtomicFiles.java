package io.k3j.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Crash-safe file writes: readers see either the old file or the complete new one, never a prefix.
 * Used for keys, tokens and kubeconfigs, where a half-written file after a power cut would brick the
 * next start (or worse, be silently regenerated and break every client).
 */
public final class AtomicFiles {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code file} with exactly {@code mode} (e.g. {@code 0600}), creating
     * parent directories. The temp file lives in the target directory so the final rename never crosses
     * file systems, and gets the mode before any byte is written so a key is never world-readable.
     */
    public static void write(Path file, byte[] content, int mode) throws IOException {
        Set<PosixFilePermission> perms = permissions(mode);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // Set again after writing: the create-time mode was filtered by the umask.
            Files.setPosixFilePermissions(tmp, perms);
            move(tmp, target);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Like {@link #write} but leaves the file untouched (only fixing its mode) when it already holds
     * {@code content}, so restarts do not churn mtimes that editors and file watchers react to.
     *
     * @return true if the content was (re)written
     */
    public static boolean writeIfChanged(Path file, byte[] content, int mode) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), content)) {
            Set<PosixFilePermission> perms = permissions(mode);
            if (!Files.getPosixFilePermissions(file).equals(perms)) {
                Files.setPosixFilePermissions(file, perms);
            }
            return false;
        }
        write(file, content, mode);
        return true;
    }

    /** Creates a directory (and parents) with the given mode if it does not exist yet. */
    public static void createPrivateDirectories(Path dir, int mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, permissions(mode));
    }

    /** Converts an octal mode such as {@code 0640} to NIO permissions. */
    public static Set<PosixFilePermission> permissions(int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("file mode must be within 0000..0777, got 0" + Integer.toOctalString(mode));
        }
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(BITS[bit]);
            }
        }
        return perms;
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        // Owner-only from the first instant; the real mode is applied just before the rename.
        var ownerOnly = PosixFilePermissions.asFileAttribute(permissions(0600));
        return Files.createTempFile(dir, "." + name + ".", ".tmp", ownerOnly);
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Cannot happen for a temp file in the same directory on POSIX; refuse rather than degrade.
            throw new IOException("cannot atomically replace " + target, e);
        }
    }

    /** Makes the rename itself durable; without this a crash can roll the directory entry back. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems refuse fsync on directories; the data itself is already on disk.
        }
    }
}
