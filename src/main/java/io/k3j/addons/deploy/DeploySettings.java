package io.k3j.addons.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What the deploy controller needs.
 *
 * @param manifestsDir   {@code <data-dir>/server/manifests}
 * @param packagedRoot   class-path folder of the packaged manifests ({@link PackagedManifests#RESOURCE_ROOT})
 * @param templateVars   K3s's template variables for packaged manifests
 * @param disabled       {@code --disable} names
 * @param rescan         safety-net rescan period (K3s: 15 s); the file watcher reacts at once
 * @param host           this server's node name, for Events
 */
public record DeploySettings(Path manifestsDir, String packagedRoot, Map<String, String> templateVars,
                             Set<String> disabled, Duration rescan, String host) {

    public DeploySettings {
        templateVars = Map.copyOf(templateVars);
        disabled = Set.copyOf(disabled);
    }
}
