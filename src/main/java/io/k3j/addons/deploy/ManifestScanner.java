package io.k3j.addons.deploy;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the manifests under the manifests directory as K3s does: every {@code .yaml}, {@code .yml} and {@code .json}
 * file (any case) in the directory and its subdirectories; dotfiles and dot-directories ignored; a file with a
 * {@code <name>.skip} beside it is frozen. Blocking (file system): call off the event loop.
 */
public final class ManifestScanner {

    /** An Addon's name: what kube-apiserver accepts as an object name without dots (RFC 1123 label, ≤ 63). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ManifestScanner() {
    }

    /** What a scan found: files to apply, frozen ones, and files that cannot be managed (with why). */
    public record Result(List<ManifestFile> files, List<ManifestFile> skipped, List<Problem> problems) {
    }

    public record Problem(Path path, String message) {
    }

    public static boolean isManifest(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return !fileName.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    /** The Addon name K3s gives a file: the basename up to the first dot. */
    public static String addonName(String fileName) {
        int dot = fileName.indexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }

    public static boolean validName(String name) {
        return name.length() <= 63 && NAME.matcher(name).matches();
    }

    public static Result scan(Path dir) throws IOException {
        List<ManifestFile> files = new ArrayList<>();
        List<ManifestFile> skipped = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Result(files, skipped, problems);
        }
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && d.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && isManifest(f.getFileName().toString())) {
                    found.add(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                // A symlink loop or an unreadable entry must not hide the other manifests.
                problems.add(new Problem(f, "cannot read: " + e.getMessage()));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(null); // stable order: the first of two same-named files wins, every time
        Map<String, Path> byName = new HashMap<>();
        for (Path f : found) {
            String fileName = f.getFileName().toString();
            String name = addonName(fileName);
            ManifestFile mf = new ManifestFile(f, dir.relativize(f).toString(), name);
            if (Files.exists(f.resolveSibling(fileName + ".skip"))) {
                skipped.add(mf);
                continue;
            }
            if (!validName(name)) {
                problems.add(new Problem(f, "addon name \"" + name + "\" (the file name up to its first dot) must "
                        + "consist of lower case alphanumeric characters or '-', and must start and end with an "
                        + "alphanumeric character"));
                continue;
            }
            Path other = byName.putIfAbsent(name, f);
            if (other != null) {
                problems.add(new Problem(f, "addon name \"" + name + "\" is already used by " + dir.relativize(other)));
                continue;
            }
            files.add(mf);
        }
        return new Result(files, skipped, problems);
    }

    /**
     * Whether {@code --disable NAME} covers this file, as K3s matches it: its name without extension, or any of the
     * directories between the manifests directory and it.
     */
    public static boolean disabledBy(ManifestFile f, String name) {
        if (f.addonName().equals(name)) {
            return true;
        }
        Path rel = Path.of(f.relative()).getParent();
        for (Path p = rel; p != null; p = p.getParent()) {
            if (p.getFileName().toString().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
