package io.k3j.auth.encryption;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys for Secrets, in the order upstream gives them meaning: the first entry encrypts every write, every
 * entry can read. Immutable; each key-management step returns a new config.
 */
public record EncryptionConfig(List<EncryptionKey> keys) {

    public EncryptionConfig {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no providers configured for secrets");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (EncryptionKey k : keys) {
            if (!seen.add(k.prefix())) {
                throw new IllegalArgumentException(k.identity() ? "identity is listed twice"
                        : k.type().configName() + " key name \"" + k.name() + "\" is used twice");
            }
        }
    }

    /** A new config: one fresh key of {@code type}, then identity so plaintext Secrets stay readable. */
    public static EncryptionConfig fresh(ProviderType type) {
        return new EncryptionConfig(List.of(newKey(type, type.keyNameBase()), EncryptionKey.IDENTITY));
    }

    /** A random key named as K3s names rotated keys: {@code aescbckey-2026-11-28T13:00:00Z}. */
    public EncryptionKey generate(ProviderType type, Instant now) {
        String base = type.keyNameBase() + "-"
                + DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toInstant());
        String name = base;
        for (int i = 2; contains(type, name); i++) {
            name = base + "-" + i; // two rotations in one second
        }
        return newKey(type, name);
    }

    private static EncryptionKey newKey(ProviderType type, String name) {
        return new EncryptionKey(type, name, Nonces.random(32));
    }

    private boolean contains(ProviderType type, String name) {
        return keys.stream().anyMatch(k -> k.type() == type && k.name().equals(name));
    }

    /** The entry that encrypts writes (identity when encryption is disabled). */
    public EncryptionKey active() {
        return keys.get(0);
    }

    public boolean enabled() {
        return !active().identity();
    }

    /** prepare: the new key joins after the existing encrypting keys, reading only, until rotate. */
    public EncryptionConfig withPrepared(EncryptionKey key) {
        List<EncryptionKey> out = new ArrayList<>(keys);
        out.add(lastEncryptingIndex() + 1, key);
        return new EncryptionConfig(out);
    }

    /** rotate: the last encrypting key (the prepared one) and the first encrypting key trade places. */
    public EncryptionConfig rotated() {
        List<EncryptionKey> out = new ArrayList<>(keys);
        int first = firstEncryptingIndex();
        int last = lastEncryptingIndex();
        if (first < 0 || first == last) {
            throw new IllegalStateException("there is no prepared key to rotate to; run prepare first");
        }
        EncryptionKey f = out.get(first);
        out.set(first, out.get(last));
        out.set(last, f);
        return new EncryptionConfig(out);
    }

    /** rotate-keys: the new key encrypts from now on; the old ones stay readable until re-encryption ends. */
    public EncryptionConfig withActive(EncryptionKey key) {
        List<EncryptionKey> out = new ArrayList<>(keys);
        out.add(0, key);
        return new EncryptionConfig(out);
    }

    /** After re-encryption: only the first encrypting key (and identity) remain. */
    public EncryptionConfig withoutOldKeys() {
        int first = firstEncryptingIndex();
        List<EncryptionKey> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).identity() || i == first) {
                out.add(keys.get(i));
            }
        }
        return new EncryptionConfig(out);
    }

    /** enable: identity goes last, so the first key encrypts again. */
    public EncryptionConfig enabledConfig() {
        if (firstEncryptingIndex() < 0) {
            throw new IllegalStateException("there is no encryption key to enable");
        }
        List<EncryptionKey> out = new ArrayList<>(keys);
        out.remove(EncryptionKey.IDENTITY);
        out.add(EncryptionKey.IDENTITY);
        return new EncryptionConfig(out);
    }

    /** disable: identity goes first, so writes are plaintext; the keys stay to read what is still encrypted. */
    public EncryptionConfig disabledConfig() {
        List<EncryptionKey> out = new ArrayList<>(keys);
        out.remove(EncryptionKey.IDENTITY);
        out.add(0, EncryptionKey.IDENTITY);
        return new EncryptionConfig(out);
    }

    private int firstEncryptingIndex() {
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).identity()) {
                return i;
            }
        }
        return -1;
    }

    private int lastEncryptingIndex() {
        for (int i = keys.size() - 1; i >= 0; i--) {
            if (!keys.get(i).identity()) {
                return i;
            }
        }
        return -1;
    }
}
