package io.k3j.store.snapshot;

import io.k3j.store.Endpoint;
import io.k3j.store.StoreOptions;
import io.k3j.store.postgres.PgSnapshotter;
import io.k3j.store.sqlite.SqliteSnapshotter;
import io.k3j.store.sqlite.SqliteStoreFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Named snapshot files under {@code <data-dir>/server/db/snapshots}: naming, listing, retention; the copying is
 * the backend's {@link Snapshotter}. Blocking: for the CLI and for the scheduler's worker thread.
 */
public final class Snapshots {

    public static final String ON_DEMAND = "on-demand";
    public static final String SCHEDULED = "scheduled";

    private static final Map<String, Function<StoreOptions, Snapshotter>> BY_SCHEME = Map.of(
            Endpoint.SQLITE, o -> new SqliteSnapshotter(SqliteStoreFactory.file(o)),
            "postgres", o -> new PgSnapshotter(o.endpoint()),
            "postgresql", o -> new PgSnapshotter(o.endpoint()));

    private final Snapshotter snapshotter;
    private final Path dir;

    public Snapshots(StoreOptions options) {
        Function<StoreOptions, Snapshotter> f = BY_SCHEME.get(Endpoint.parse(options.endpoint()).scheme());
        if (f == null) {
            throw new UnsupportedOperationException("snapshots are not supported for datastore "
                    + Endpoint.mask(options.endpoint()));
        }
        this.snapshotter = f.apply(options);
        this.dir = options.snapshotDir();
    }

    public Path dir() {
        return dir;
    }

    /** A name like K3s's: {@code <kind>-<node>-<unix millis>}. */
    public static String defaultName(String kind) {
        String node;
        try {
            node = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            node = "localhost";
        }
        // Milliseconds keep names unique when snapshots come faster than once a second.
        return kind + "-" + node + "-" + Instant.now().toEpochMilli();
    }

    public SnapshotInfo save(String name) throws Exception {
        checkName(name);
        Files.createDirectories(dir);
        Path target = dir.resolve(name + snapshotter.suffix());
        if (Files.exists(target)) {
            throw new IOException("snapshot " + name + " exists");
        }
        // Written under a temporary name, so a crash never leaves a half snapshot that looks whole.
        Path tmp = dir.resolve(name + snapshotter.suffix() + ".part");
        Files.deleteIfExists(tmp);
        try {
            snapshotter.save(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return info(target);
    }

    public List<SnapshotInfo> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SnapshotInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(snapshotter.suffix())).toList()) {
                try {
                    out.add(info(p));
                } catch (java.nio.file.NoSuchFileException e) {
                    // pruned by the scheduler between the listing and this read: it is simply gone
                }
            }
        }
        out.sort(Comparator.comparing(SnapshotInfo::created).thenComparing(SnapshotInfo::name));
        return out;
    }

    public boolean delete(String name) throws IOException {
        checkName(name);
        return Files.deleteIfExists(dir.resolve(name + snapshotter.suffix()));
    }

    /** Keeps the newest {@code keep} snapshots whose name starts with {@code kind}; returns the names removed. */
    public List<String> prune(String kind, int keep) throws IOException {
        List<SnapshotInfo> mine = list().stream().filter(s -> s.name().startsWith(kind + "-")).toList();
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < mine.size() - keep; i++) {
            Files.deleteIfExists(mine.get(i).path());
            removed.add(mine.get(i).name());
        }
        return removed;
    }

    /** Replaces the datastore with snapshot {@code name}; the server must be stopped. */
    public String restore(String name) throws Exception {
        checkName(name);
        Path snap = dir.resolve(name + snapshotter.suffix());
        if (!Files.exists(snap)) {
            throw new IOException("no snapshot " + name + " in " + dir);
        }
        snapshotter.ensureNotInUse();
        return snapshotter.restore(snap);
    }

    private SnapshotInfo info(Path p) throws IOException {
        String file = p.getFileName().toString();
        return new SnapshotInfo(file.substring(0, file.length() - snapshotter.suffix().length()), p, Files.size(p),
                Files.getLastModifiedTime(p).toInstant());
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("invalid snapshot name: " + name);
        }
    }
}
