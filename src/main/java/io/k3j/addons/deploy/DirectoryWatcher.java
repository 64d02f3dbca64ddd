package io.k3j.addons.deploy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Watches a directory tree on its own daemon thread (WatchService blocks) and calls {@code onChange} after any
 * change; new subdirectories are watched as they appear. The callback must only hand off (e.g. to a Vert.x context):
 * the caller rescans, so no event detail is passed and lost or merged events cost nothing.
 */
final class DirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DirectoryWatcher.class.getName());

    private final Path root;
    private final Runnable onChange;
    private final WatchService service;
    private final Set<Path> registered = new HashSet<>();
    private final Thread thread;

    DirectoryWatcher(Path root, Runnable onChange) throws IOException {
        this.root = root;
        this.onChange = onChange;
        this.service = FileSystems.getDefault().newWatchService();
        registerTree(root);
        this.thread = Thread.ofPlatform().daemon().name("k3j-manifests-watcher").unstarted(this::loop);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.take();
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE && ev.context() instanceof Path p) {
                        Path child = dir.resolve(p);
                        if (Files.isDirectory(child) && !p.toString().startsWith(".")) {
                            registerTree(child);
                        }
                    }
                }
                if (!key.reset()) {
                    registered.remove(dir);
                }
                onChange.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.WARNING, "manifests watcher stopped; the periodic rescan still runs",
                    new Object[]{"error", String.valueOf(e)});
        }
    }

    private void registerTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(dir, Integer.MAX_VALUE, FileVisitOption.FOLLOW_LINKS)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                if (d.equals(root) || !d.getFileName().toString().startsWith(".")) {
                    if (registered.add(d.toRealPath())) {
                        d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                                StandardWatchEventKinds.ENTRY_MODIFY);
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // the thread ends either way
        }
        thread.interrupt();
    }
}
