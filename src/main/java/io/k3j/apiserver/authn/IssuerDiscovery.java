package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.auth.authn.ServiceAccountKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Service-account issuer discovery, as kube-apiserver serves it: {@code /.well-known/openid-configuration} and
 * the key set at {@code /openid/v1/jwks}, so that other systems (a cloud's workload identity, Vault) can check
 * k3j's service-account tokens. Both documents are fixed for the life of the server and encoded once.
 */
final class IssuerDiscovery {

    static final String CONFIGURATION_PATH = "/.well-known/openid-configuration";
    static final String JWKS_PATH = "/openid/v1/jwks";

    private final Buffer configuration;
    private final Buffer jwks;

    /** @param jwksUri where relying parties fetch the keys: service-account-jwks-uri, else this server's address */
    IssuerDiscovery(String issuer, String jwksUri, ServiceAccountKeys keys) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("issuer", issuer);
        c.put("jwks_uri", jwksUri);
        c.putArray("response_types_supported").add("id_token");
        c.putArray("subject_types_supported").add("public");
        c.putArray("id_token_signing_alg_values_supported").add("RS256");
        this.configuration = Buffer.buffer(Json.bytes(c));
        this.jwks = Buffer.buffer(Json.bytes(keys.jwks()));
    }

    void configuration(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "public, max-age=3600").end(configuration);
    }

    void jwks(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/jwk-set+json")
                .putHeader("Cache-Control", "public, max-age=3600").end(jwks);
    }
}
