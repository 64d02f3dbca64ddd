package io.k3j.addons.deploy;

import io.k3j.pki.AtomicFiles;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The manifests k3j ships (the repository's {@code manifests/} folder, embedded in the jar under
 * {@code io/k3j/manifests/}): written into the manifests directory at every start with K3s's template variables
 * filled in, as K3s stages its own, so edits to them are lost on restart (customise through HelmChartConfig or
 * freeze a file with {@code <file>.skip}). Blocking: call off the event loop.
 */
public final class PackagedManifests {

    public static final String RESOURCE_ROOT = "io/k3j/manifests";

    private PackagedManifests() {
    }

    /** K3s's template variables for packaged manifests, with one cluster DNS address. */
    public static Map<String, String> templateVars(String clusterDns, String clusterDomain, Path localStoragePath,
                                                   String systemDefaultRegistry) {
        return templateVars(java.util.List.of(clusterDns), clusterDomain, localStoragePath, systemDefaultRegistry);
    }

    /**
     * K3s's template variables for packaged manifests: the DNS Service takes the first address as its clusterIP and
     * all of them (one per family) as its clusterIPs, RequireDualStack when there are two.
     */
    public static Map<String, String> templateVars(java.util.List<String> clusterDns, String clusterDomain,
                                                   Path localStoragePath, String systemDefaultRegistry) {
        String registry = systemDefaultRegistry == null ? "" : systemDefaultRegistry.strip();
        return Map.of(
                "%{CLUSTER_DNS}%", clusterDns.getFirst(),
                "%{CLUSTER_DNS_LIST}%", "[" + String.join(",", clusterDns) + "]",
                "%{CLUSTER_DNS_IPFAMILYPOLICY}%", clusterDns.size() > 1 ? "RequireDualStack" : "SingleStack",
                "%{CLUSTER_DOMAIN}%", clusterDomain,
                "%{DEFAULT_LOCAL_STORAGE_PATH}%", localStoragePath.toString(),
                "%{SYSTEM_DEFAULT_REGISTRY}%", registry.isEmpty() ? "" : registry + "/",
                "%{SYSTEM_DEFAULT_REGISTRY_RAW}%", registry);
    }

    /** Plain string replacement, as K3s does it (no escaping: the values are addresses and paths). */
    public static String substitute(String text, Map<String, String> vars) {
        String out = text;
        for (Map.Entry<String, String> e : vars.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Writes every packaged manifest under {@code resourceRoot} into {@code manifestsDir} (mode 0600), except those
     * {@code --disable}d and those frozen with a {@code .skip} file. Returns the relative paths written.
     */
    public static List<String> stage(String resourceRoot, Path manifestsDir, Map<String, String> vars,
                                     Set<String> disabled) throws IOException {
        List<String> written = new ArrayList<>();
        AtomicFiles.createPrivateDirectories(manifestsDir, 0700);
        withRoot(resourceRoot, root -> {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path src : (Iterable<Path>) files.sorted()::iterator) {
                    if (!Files.isRegularFile(src) || !ManifestScanner.isManifest(src.getFileName().toString())) {
                        continue;
                    }
                    String rel = root.relativize(src).toString();
                    Path target = manifestsDir.resolve(rel);
                    ManifestFile mf = new ManifestFile(target, rel, ManifestScanner.addonName(target.getFileName().toString()));
                    if (disabled.stream().anyMatch(d -> ManifestScanner.disabledBy(mf, d))
                            || Files.exists(target.resolveSibling(target.getFileName() + ".skip"))) {
                        continue;
                    }
                    String text = substitute(Files.readString(src, StandardCharsets.UTF_8), vars);
                    AtomicFiles.createPrivateDirectories(target.getParent(), 0700);
                    AtomicFiles.writeIfChanged(target, text.getBytes(StandardCharsets.UTF_8), 0600);
                    written.add(rel);
                }
            }
        });
        return written;
    }

    private interface RootAction {
        void run(Path root) throws IOException;
    }

    /** Runs {@code action} on the resource folder, whether it is a directory (tests, IDE) or inside the jar. */
    private static void withRoot(String resourceRoot, RootAction action) throws IOException {
        URL url = PackagedManifests.class.getClassLoader().getResource(resourceRoot);
        if (url == null) {
            return; // nothing packaged
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
        if (!"jar".equals(uri.getScheme())) {
            action.run(Path.of(uri));
            return;
        }
        FileSystem fs;
        boolean opened = false;
        try {
            fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            fs = FileSystems.newFileSystem(uri, Map.of());
            opened = true;
        }
        try {
            action.run(fs.provider().getPath(uri));
        } finally {
            if (opened) {
                fs.close();
            }
        }
    }
}
