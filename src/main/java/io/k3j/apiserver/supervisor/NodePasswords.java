package io.k3j.apiserver.supervisor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.store.GetResult;
import io.k3j.store.KeyValue;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * K3s's node passwords: the first time a node name asks for credentials, a hash of its password is kept in the
 * Secret {@code kube-system/<node>.node-password.k3s}; from then on only that password gets that name's
 * certificates, so a second machine with the same hostname is refused instead of taking over the node. Deleting the
 * Secret (or the node, once a controller cleans it up) frees the name.
 */
final class NodePasswords {

    static final String NAMESPACE = "kube-system";
    static final String SUFFIX = ".node-password.k3s";

    /** A refusal the endpoint turns into 403. */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final Supplier<Store> store;
    private final Clock clock;

    NodePasswords(Vertx vertx, Supplier<Store> store, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
    }

    static String secretName(String node) {
        return node + SUFFIX;
    }

    static String key(String node) {
        return "/registry/core/secrets/" + NAMESPACE + "/" + secretName(node);
    }

    /** Succeeds when the password is this node's (recording it when the name is new); fails with {@link Rejected}. */
    Future<Void> verify(String node, String password) {
        return store.get().get(key(node)).compose(res -> check(node, password, res));
    }

    private Future<Void> check(String node, String password, GetResult res) {
        KeyValue kv = res.kv();
        if (kv == null || kv.tombstone()) {
            return vertx.executeBlocking(() -> PasswordHash.hash(password), false)
                    .compose(hash -> store.get().create(key(node), Json.bytes(secret(node, hash)))
                            .<Void>mapEmpty()
                            .recover(e -> e instanceof StoreException.KeyExists
                                    ? verify(node, password) : Future.failedFuture(e)));
        }
        JsonNode stored = Json.stored(kv.value());
        String hash = decode(stored.path("data").path("hash").asText(""));
        return vertx.executeBlocking(() -> PasswordHash.matches(hash, password), false).compose(ok -> ok
                ? Future.succeededFuture()
                : Future.failedFuture(new Rejected("unable to verify password for node \"" + node
                        + "\": the password does not match the one the node registered with (Secret " + NAMESPACE + "/"
                        + secretName(node) + ")")));
    }

    private ObjectNode secret(String node, String hash) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("apiVersion", "v1").put("kind", "Secret");
        s.putObject("metadata").put("name", secretName(node)).put("namespace", NAMESPACE)
                .put("uid", UUID.randomUUID().toString())
                .put("creationTimestamp", io.k3j.pki.csr.CsrObjects.time(clock.instant()));
        s.put("immutable", true).put("type", "Opaque");
        s.putObject("data").put("hash", Base64.getEncoder().encodeToString(hash.getBytes(StandardCharsets.UTF_8)));
        return s;
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
