package io.k3j.addons.deploy;

import java.nio.file.Path;

/**
 * One file the deploy controller manages: its path, the Addon that tracks it (named after the file's basename up
 * to the first dot), and its path relative to the manifests directory (for {@code --disable} and messages).
 */
public record ManifestFile(Path path, String relative, String addonName) {
}
