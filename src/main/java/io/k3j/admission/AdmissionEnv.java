package io.k3j.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.auth.Authorizer;
import io.k3j.auth.UserInfo;
import io.k3j.store.Store;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a plugin may use when it is built: the Vert.x instance (timers, HTTP clients for webhooks), the lookup of
 * cluster objects, the store (for the few plugins that write, such as ResourceQuota's usage), each plugin's
 * configuration from the admission configuration file, a clock, and the API server's authorizer (the certificate
 * plugins ask it about the {@code approve} and {@code sign} verbs, as upstream's do).
 *
 * @param pluginConfigs plugin name → its {@code configuration} from an apiserver.config.k8s.io AdmissionConfiguration
 * @param authorizer    the API server's authorizer chain
 */
public record AdmissionEnv(Vertx vertx, AdmissionLookup lookup, Supplier<Store> store,
                           Map<String, JsonNode> pluginConfigs, Clock clock, Authorizer authorizer) {

    /** Refuses everything: for environments (tests) that give no authorizer. */
    public static final Authorizer DENY_ALL = new Authorizer() {
        @Override
        public boolean allowedPath(UserInfo user, String verb, String path) {
            return false;
        }

        @Override
        public boolean allowedResource(UserInfo user, String verb, String apiGroup, String resource,
                                       String subresource, String namespace, String name) {
            return false;
        }
    };

    public AdmissionEnv {
        pluginConfigs = Map.copyOf(pluginConfigs);
    }

    /** Without an authorizer: plugins that ask one are refused everything. */
    public AdmissionEnv(Vertx vertx, AdmissionLookup lookup, Supplier<Store> store,
                        Map<String, JsonNode> pluginConfigs, Clock clock) {
        this(vertx, lookup, store, pluginConfigs, clock, DENY_ALL);
    }

    /** The plugin's configuration object, if the admission configuration file gave one. */
    public Optional<JsonNode> config(String plugin) {
        return Optional.ofNullable(pluginConfigs.get(plugin));
    }
}
