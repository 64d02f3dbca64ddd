package io.k3j.bootstrap;

import io.k3j.pki.AtomicFiles;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files every server of a cluster must share, by path relative to {@code <data-dir>/server}: the three CAs
 * with their keys, the service-account signing key, the agent token, and the secrets-encryption key files when
 * they exist. Everything else (serving and client certificates, kubeconfigs) each server derives from these.
 */
public record BootstrapData(SortedMap<String, byte[]> files) {

    /** Without these there is no cluster identity to share. */
    static final List<String> REQUIRED = List.of(
            "tls/server-ca.crt", "tls/server-ca.key",
            "tls/client-ca.crt", "tls/client-ca.key",
            "tls/request-header-ca.crt", "tls/request-header-ca.key",
            "tls/service.key");
    /** Shared when present: an agent token given to the first server, the encryption keys with --secrets-encryption. */
    static final List<String> OPTIONAL = List.of(
            "agent-token", "cred/encryption-config.json", "cred/encryption-state.json");

    public BootstrapData {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** What is on disk now (possibly nothing). */
    public static BootstrapData read(Path serverDir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String name : all()) {
            Path p = serverDir.resolve(name);
            if (Files.isRegularFile(p)) {
                files.put(name, Files.readAllBytes(p));
            }
        }
        return new BootstrapData(files);
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** Holds every required file. */
    public boolean complete() {
        return files.keySet().containsAll(REQUIRED);
    }

    /**
     * Writes these files under {@code serverDir}, keys and credentials 0600, certificates 0644; files of the set
     * that this data does not hold are removed, so a server ends up with exactly the cluster's set.
     *
     * @return whether anything changed on disk
     */
    public boolean write(Path serverDir) throws IOException {
        AtomicFiles.createPrivateDirectories(serverDir.resolve("tls"), 0700);
        AtomicFiles.createPrivateDirectories(serverDir.resolve("cred"), 0700);
        boolean changed = false;
        for (String name : all()) {
            Path p = serverDir.resolve(name);
            byte[] content = files.get(name);
            if (content == null) {
                changed |= Files.deleteIfExists(p);
            } else {
                changed |= AtomicFiles.writeIfChanged(p, content, name.endsWith(".crt") ? 0644 : 0600);
            }
        }
        return changed;
    }

    /** SHA-256 over names and contents: equal data, equal digest. Not secret (it reveals nothing of the keys). */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
                md.update((byte) 0);
                md.update(e.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] toJson() {
        JsonObject o = new JsonObject();
        files.forEach((name, content) -> o.put(name, Base64.getEncoder().encodeToString(content)));
        return o.toBuffer().getBytes();
    }

    public static BootstrapData fromJson(byte[] json) {
        JsonObject o = new JsonObject(new String(json, StandardCharsets.UTF_8));
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String name : o.fieldNames()) {
            if (!all().contains(name)) {
                throw new IllegalArgumentException("bootstrap data holds an unknown file " + name);
            }
            files.put(name, Base64.getDecoder().decode(o.getString(name)));
        }
        return new BootstrapData(files);
    }

    static List<String> all() {
        return java.util.stream.Stream.concat(REQUIRED.stream(), OPTIONAL.stream()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrapData other && digest().equals(other.digest());
    }

    @Override
    public int hashCode() {
        return digest().hashCode();
    }

    @Override
    public String toString() {
        return "BootstrapData" + files.keySet(); // never the contents: they are keys
    }
}
