package io.k3j.auth.encryption;

import io.k3j.auth.encryption.EncryptionStateFile.State;
import io.k3j.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Secrets encryption at rest for one server: owns the key file, the rotation stage and the
 * {@link EncryptingStore} the API server writes through, and carries out {@code k3j secrets-encrypt} commands
 * online. Unlike K3s, no step needs a restart: each new key list is written to the file and then swapped into
 * the running store. One command runs at a time; a re-encryption counts as running until it ends.
 */
public final class SecretsEncryption {

    private static final Logger LOG = Logger.getLogger(SecretsEncryption.class.getName());

    /** A command as the admin endpoint receives it ({@code action}: prepare, rotate, reencrypt, rotate-keys, enable, disable). */
    public record Command(String action, boolean force, boolean skip) {
    }

    private final EncryptionConfigFile configFile;
    private final EncryptionStateFile stateFile;
    private final ProviderType provider;
    private final Clock clock;
    private final AtomicReference<EncryptingStore> store = new AtomicReference<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Keyring keyring;
    private volatile Keyring retired;
    private volatile State state;
    private volatile Reencryptor reencryptor;
    private volatile String lastError;

    private SecretsEncryption(EncryptionConfigFile configFile, EncryptionStateFile stateFile, ProviderType provider,
                              Clock clock, EncryptionConfig config, State state) {
        this.configFile = configFile;
        this.stateFile = stateFile;
        this.provider = provider;
        this.clock = clock;
        this.keyring = new Keyring(config);
        this.state = state;
    }

    /**
     * Loads {@code <credDir>/encryption-config.json}, generating it with one {@code provider} key on first start.
     * Blocking (file IO, key generation): call at boot, off any event loop.
     */
    public static SecretsEncryption open(Path credDir, ProviderType provider, Clock clock) throws IOException {
        EncryptionConfigFile file = EncryptionConfigFile.in(credDir);
        EncryptionConfig config;
        if (file.exists()) {
            config = file.read();
        } else {
            config = EncryptionConfig.fresh(provider);
            file.write(config);
            LOG.log(Level.INFO, "generated the secrets encryption key", new Object[]{"file", file.path()});
        }
        EncryptionStateFile stateFile = new EncryptionStateFile(credDir);
        return new SecretsEncryption(file, stateFile, provider, clock, config, stateFile.read());
    }

    /** The store the API server should use: {@code raw} with Secrets sealed. The same instance for the same raw store. */
    public Store wrap(Store raw) {
        EncryptingStore s = store.get();
        if (s != null && s.delegate() == raw) {
            return s;
        }
        EncryptingStore created = new EncryptingStore(raw, keyring);
        return store.compareAndSet(s, created) ? created : store.get();
    }

    public EncryptionStatus status() {
        EncryptionConfig config = keyring.config();
        List<EncryptionStatus.KeyInfo> keys = new ArrayList<>();
        for (int i = 0; i < config.keys().size(); i++) {
            EncryptionKey k = config.keys().get(i);
            if (!k.identity()) {
                keys.add(new EncryptionStatus.KeyInfo(i == 0, k.type().displayName(), k.name()));
            }
        }
        Reencryptor r = reencryptor;
        return new EncryptionStatus(config.enabled(), state.stage(), keys, r == null ? 0 : r.rewritten(), lastError);
    }

    /** Resumes a re-encryption a stop interrupted. Call once the store is wrapped. */
    public void resume(Vertx vertx) {
        if (store.get() == null) {
            LOG.warning("cannot resume the re-encryption of secrets: the store is not open; run 'k3j secrets-encrypt reencrypt --force'");
            return;
        }
        EncryptionStage s = state.stage();
        if ((s == EncryptionStage.REENCRYPT_REQUEST || s == EncryptionStage.REENCRYPT_ACTIVE) && busy.compareAndSet(false, true)) {
            LOG.info("resuming the re-encryption of secrets");
            startReencryption(vertx, state.skipKeyRemoval());
        }
    }

    /** Runs one command; the future's message is what the CLI prints. */
    public Future<String> run(Vertx vertx, Command c) {
        if (store.get() == null) {
            return Future.failedFuture(new EncryptionCommandException(503, "the datastore is not open yet"));
        }
        if (!busy.compareAndSet(false, true)) {
            return Future.failedFuture(new EncryptionCommandException(409,
                    "another secrets-encrypt operation is in progress (stage " + state.stage().text() + ")"));
        }
        Future<String> f;
        try {
            f = switch (c.action()) {
                case "prepare" -> prepare(vertx, c.force());
                case "rotate" -> rotate(vertx, c.force());
                case "reencrypt" -> reencrypt(vertx, c.force(), c.skip());
                case "rotate-keys" -> rotateKeys(vertx);
                case "enable" -> toggle(vertx, true);
                case "disable" -> toggle(vertx, false);
                default -> throw new EncryptionCommandException(400, "unknown secrets-encrypt command \"" + c.action() + "\"");
            };
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.onFailure(e -> busy.set(false));
    }

    private Future<String> prepare(Vertx vertx, boolean force) {
        requireStage(force, EncryptionStage.START, EncryptionStage.REENCRYPT_FINISHED);
        requireEnabled();
        return install(vertx, () -> {
            EncryptionConfig c = keyring.config();
            return c.withPrepared(c.generate(provider, clock.instant()));
        }, new State(EncryptionStage.PREPARE, false)).map(v -> done("prepare completed successfully"));
    }

    private Future<String> rotate(Vertx vertx, boolean force) {
        requireStage(force, EncryptionStage.PREPARE);
        return install(vertx, () -> {
            try {
                return keyring.config().rotated();
            } catch (IllegalStateException e) {
                throw new EncryptionCommandException(400, e.getMessage());
            }
        }, new State(EncryptionStage.ROTATE, false)).map(v -> done("rotate completed successfully"));
    }

    private Future<String> reencrypt(Vertx vertx, boolean force, boolean skip) {
        requireStage(force, EncryptionStage.ROTATE);
        return saveState(vertx, new State(EncryptionStage.REENCRYPT_REQUEST, skip)).map(v -> {
            startReencryption(vertx, skip);
            return "reencryption started";
        });
    }

    private Future<String> rotateKeys(Vertx vertx) {
        requireStage(false, EncryptionStage.START, EncryptionStage.REENCRYPT_FINISHED);
        requireEnabled();
        return install(vertx, () -> {
            EncryptionConfig c = keyring.config();
            return c.withActive(c.generate(provider, clock.instant()));
        }, new State(EncryptionStage.REENCRYPT_REQUEST, false)).map(v -> {
            startReencryption(vertx, false);
            return "keys rotated, reencryption started";
        });
    }

    private Future<String> toggle(Vertx vertx, boolean enable) {
        return install(vertx, () -> {
            try {
                return enable ? keyring.config().enabledConfig() : keyring.config().disabledConfig();
            } catch (IllegalStateException e) {
                throw new EncryptionCommandException(400, e.getMessage());
            }
        }, state).map(v -> done("secrets-encryption " + (enable ? "enabled" : "disabled")
                + "; run 'k3j secrets-encrypt reencrypt --force --skip' to rewrite the Secrets already stored"));
    }

    private String done(String message) {
        busy.set(false);
        return message;
    }

    private void requireStage(boolean force, EncryptionStage... allowed) {
        if (!force && !Arrays.asList(allowed).contains(state.stage())) {
            List<String> names = Arrays.stream(allowed).map(EncryptionStage::text).toList();
            throw new EncryptionCommandException(400, "incorrect stage: expected one of " + names + ", found "
                    + state.stage().text() + " (--force skips this check)");
        }
    }

    private void requireEnabled() {
        if (!keyring.config().enabled()) {
            throw new EncryptionCommandException(400, "secrets encryption is disabled: run 'k3j secrets-encrypt enable' first");
        }
    }

    /** Writes the new key list and stage (key generation and file IO on a worker), then swaps the keyring in. */
    private Future<Void> install(Vertx vertx, Callable<EncryptionConfig> next, State newState) {
        return vertx.executeBlocking(() -> {
            EncryptionConfig config = next.call();
            configFile.write(config);
            stateFile.write(newState);
            return config;
        }, false).map(config -> {
            Keyring k = new Keyring(config);
            retired = store.get().swap(k);
            keyring = k;
            state = newState;
            return null;
        });
    }

    private Future<Void> saveState(Vertx vertx, State s) {
        return vertx.executeBlocking(() -> {
            stateFile.write(s);
            return null;
        }, false).map(v -> {
            state = s;
            return null;
        });
    }

    /** Runs in the background until every Secret is sealed with the first key; then drops old keys unless skip. */
    private void startReencryption(Vertx vertx, boolean skip) {
        EncryptingStore s = store.get();
        Reencryptor r = new Reencryptor(s);
        reencryptor = r;
        lastError = null;
        s.forgetRewrites();
        Keyring previous = retired;
        Future<Void> drained = previous == null ? Future.succeededFuture()
                : Future.fromCompletionStage(previous.drained(), vertx.getOrCreateContext());
        long t0 = System.nanoTime();
        drained.compose(v -> saveState(vertx, new State(EncryptionStage.REENCRYPT_ACTIVE, skip)))
                .compose(v -> r.run())
                .compose(n -> skip ? saveState(vertx, new State(EncryptionStage.REENCRYPT_FINISHED, false))
                        : install(vertx, () -> keyring.config().withoutOldKeys(),
                        new State(EncryptionStage.REENCRYPT_FINISHED, false)))
                .onComplete(ar -> {
                    busy.set(false);
                    if (ar.succeeded()) {
                        LOG.log(Level.INFO, "secrets re-encrypted", new Object[]{"rewritten", r.rewritten(),
                                "ms", (System.nanoTime() - t0) / 1_000_000});
                    } else {
                        lastError = String.valueOf(ar.cause().getMessage());
                        LOG.log(Level.WARNING, "re-encryption of secrets failed", new Object[]{"error", lastError});
                    }
                });
    }
}
