package io.k3j.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on {@code state.db.lock} held while a server has the datastore open. SQLite in WAL mode leaves no
 * lock between transactions, so this is how a second server — or {@code snapshot restore} — learns that the
 * file is in use.
 */
public final class FileLock implements AutoCloseable {

    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private FileLock(FileChannel channel, java.nio.channels.FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static Path lockFile(Path db) {
        return db.resolveSibling(db.getFileName() + ".lock");
    }

    /** The lock, or null when another holder has it. */
    public static FileLock tryAcquire(Path db) throws IOException {
        FileChannel ch = FileChannel.open(lockFile(db), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            java.nio.channels.FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return null;
            }
            return new FileLock(ch, l);
        } catch (OverlappingFileLockException e) {
            ch.close();
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
