package io.k3j.bootstrap;

import io.k3j.pki.AtomicFiles;
import io.k3j.store.GetResult;
import io.k3j.store.RangeResult;
import io.k3j.store.Store;
import io.k3j.store.StoreException;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shares the cluster's CAs and keys between servers through the datastore, as K3s does on an external datastore:
 * the first server seals its {@link BootstrapData} with the token and stores it under
 * {@code /bootstrap/<hash of the token>}; a later server with the same token opens it and writes the files into its
 * own data dir before any certificate is issued, so every server trusts and signs with the same CAs.
 *
 * <p>A restart compares three versions: the data dir, the datastore, and the digest recorded at the last exchange
 * ({@code server/cred/bootstrap-sync}). Whichever side changed since then wins — the datastore after another
 * server rotated, the data dir after an offline {@code k3j certificate rotate-ca} here; both changed, or files
 * that never came from this cluster, stop the start with an explanation instead of replacing a cluster's CA.
 *
 * <p>Blocking: call it on a start-up thread, never an event loop.
 */
public final class BootstrapExchange {

    public static final String PREFIX = "/bootstrap/";
    static final String SYNC_FILE = "cred/bootstrap-sync";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(BootstrapExchange.class.getName());

    /** Creates what a first server needs (CAs, keys, encryption key file) in the data dir. */
    @FunctionalInterface
    public interface Generator {
        void generate() throws IOException;
    }

    /** What the exchange did. */
    public enum Outcome {
        /** First server: generated and stored the data. */
        CREATED,
        /** Took the cluster's data from the datastore (a new server, or another server changed it). */
        JOINED,
        /** The data dir already matched the datastore. */
        UNCHANGED,
        /** This server's files changed since the last start (rotated offline): stored them for the others. */
        PUSHED
    }

    private final Store store;
    private final Path serverDir;
    private final String password;

    /** @param password the server token's password (the part after {@code server:}) */
    public BootstrapExchange(Store store, Path serverDir, String password) {
        this.store = store;
        this.serverDir = serverDir;
        this.password = password;
    }

    /** The datastore key for a token: a hash, so neither the token nor its length shows in the database. */
    public static String keyFor(String password) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Outcome sync(Generator generator) throws IOException, BootstrapException {
        String key = keyFor(password);
        // A concurrent push by another server means reading again; three passes are plenty.
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= 3;
            GetResult stored = await(store.get(key));
            Optional<Outcome> done = stored.kv() == null ? first(key, generator) : existing(key, stored, last);
            if (done.isPresent()) {
                LOG.log(Level.INFO, "cluster bootstrap data", new Object[]{"outcome", done.get().name().toLowerCase(
                        java.util.Locale.ROOT)});
                return done.get();
            }
        }
    }

    private Optional<Outcome> first(String key, Generator generator) throws IOException, BootstrapException {
        RangeResult others = await(store.range(PREFIX, null, 1, 0));
        if (!others.kvs().isEmpty()) {
            throw new BootstrapException("bootstrap data already found and encrypted with different token: "
                    + "start this server with the --token of the cluster's first server (its server/token file)");
        }
        generator.generate();
        BootstrapData local = BootstrapData.read(serverDir);
        if (!local.complete()) {
            throw new IllegalStateException("the generated cluster files are incomplete: " + local);
        }
        try {
            await(store.create(key, BootstrapCipher.seal(password, local.toJson())));
        } catch (StoreException.KeyExists e) {
            // Another server stored its data first: what was just generated here was never used, so take theirs.
            BootstrapData remote = open(e.current().value());
            remote.write(serverDir);
            recordSynced(remote);
            return Optional.of(Outcome.JOINED);
        }
        recordSynced(local);
        return Optional.of(Outcome.CREATED);
    }

    private Optional<Outcome> existing(String key, GetResult stored, boolean last) throws IOException, BootstrapException {
        BootstrapData remote = open(stored.kv().value());
        BootstrapData local = BootstrapData.read(serverDir);
        Optional<String> synced = readSynced();
        if (local.equals(remote)) {
            recordSynced(remote);
            return Optional.of(Outcome.UNCHANGED);
        }
        if (local.isEmpty() || synced.filter(local.digest()::equals).isPresent()) {
            remote.write(serverDir);
            recordSynced(remote);
            return Optional.of(Outcome.JOINED);
        }
        if (synced.filter(remote.digest()::equals).isPresent() && local.complete()) {
            try {
                await(store.update(key, BootstrapCipher.seal(password, local.toJson()), stored.kv().modRevision()));
            } catch (StoreException.Conflict e) {
                if (last) {
                    throw e;
                }
                return Optional.empty();
            }
            recordSynced(local);
            return Optional.of(Outcome.PUSHED);
        }
        throw new BootstrapException("the CA files in " + serverDir.resolve("tls") + " differ from the cluster's "
                + "bootstrap data in the datastore" + (synced.isEmpty() ? " and never came from it" : " and both changed")
                + ": move " + serverDir.resolve("tls") + " aside to join with the cluster's CAs");
    }

    private BootstrapData open(byte[] sealed) throws BootstrapException {
        try {
            return BootstrapData.fromJson(BootstrapCipher.open(password, sealed));
        } catch (BootstrapCipher.WrongTokenException e) {
            throw new BootstrapException(e.getMessage() + ": the token does not match the cluster's");
        } catch (IllegalArgumentException e) {
            throw new BootstrapException("bootstrap data in the datastore is damaged: " + e.getMessage());
        }
    }

    private Optional<String> readSynced() throws IOException {
        Path f = serverDir.resolve(SYNC_FILE);
        return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.US_ASCII).strip())
                : Optional.empty();
    }

    private void recordSynced(BootstrapData data) throws IOException {
        AtomicFiles.createPrivateDirectories(serverDir.resolve("cred"), 0700);
        AtomicFiles.writeIfChanged(serverDir.resolve(SYNC_FILE),
                (data.digest() + "\n").getBytes(StandardCharsets.US_ASCII), 0600);
    }

    /** Waits for a store call; a StoreException is rethrown as itself so callers can tell KeyExists from Conflict. */
    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new IOException("datastore: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("datastore did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the datastore");
        }
    }
}
