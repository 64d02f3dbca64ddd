package io.k3j.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.store.Store;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a plugin may use when it is built: the Vert.x instance (timers, HTTP clients for webhooks), the lookup of
 * cluster objects, the store (for the few plugins that write, such as ResourceQuota's usage), each plugin's
 * configuration from the admission configuration file, and a clock.
 *
 * @param pluginConfigs plugin name → its {@code configuration} from an apiserver.config.k8s.io AdmissionConfiguration
 */
public record AdmissionEnv(Vertx vertx, AdmissionLookup lookup, Supplier<Store> store,
                           Map<String, JsonNode> pluginConfigs, Clock clock) {

    public AdmissionEnv {
        pluginConfigs = Map.copyOf(pluginConfigs);
    }

    /** The plugin's configuration object, if the admission configuration file gave one. */
    public Optional<JsonNode> config(String plugin) {
        return Optional.ofNullable(pluginConfigs.get(plugin));
    }
}
