package io.k3j.auth.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code <data-dir>/server/cred/encryption-config.json} in upstream's format (kind EncryptionConfiguration,
 * apiVersion apiserver.config.k8s.io/v1, one resources entry for secrets), so the file reads the same as K3s's.
 * Consecutive keys of one provider share one provider entry. Written atomically with mode 0600. Blocking file
 * IO: call from a worker thread.
 */
public final class EncryptionConfigFile {

    public static final String FILE_NAME = "encryption-config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    public EncryptionConfigFile(Path path) {
        this.path = path;
    }

    public static EncryptionConfigFile in(Path credDir) {
        return new EncryptionConfigFile(credDir.resolve(FILE_NAME));
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.exists(path);
    }

    public EncryptionConfig read() throws IOException {
        try {
            return parse(Files.readAllBytes(path));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    public void write(EncryptionConfig config) throws IOException {
        Files.createDirectories(path.getParent());
        Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, serialize(config));
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static EncryptionConfig parse(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!"EncryptionConfiguration".equals(root.path("kind").asText())
                || !"apiserver.config.k8s.io/v1".equals(root.path("apiVersion").asText())) {
            throw new IllegalArgumentException("expected kind EncryptionConfiguration, apiVersion apiserver.config.k8s.io/v1");
        }
        JsonNode resources = root.path("resources");
        if (resources.size() != 1 || !isSecretsOnly(resources.get(0).path("resources"))) {
            throw new IllegalArgumentException("k3j encrypts exactly one resource, secrets: expected one resources "
                    + "entry listing [\"secrets\"]");
        }
        List<EncryptionKey> keys = new ArrayList<>();
        for (JsonNode provider : resources.get(0).path("providers")) {
            Iterator<Map.Entry<String, JsonNode>> fields = provider.fields();
            if (!fields.hasNext()) {
                throw new IllegalArgumentException("empty provider entry");
            }
            Map.Entry<String, JsonNode> f = fields.next();
            if (fields.hasNext()) {
                throw new IllegalArgumentException("a provider entry must name exactly one provider");
            }
            ProviderType type = ProviderType.byConfigName(f.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "provider \"" + f.getKey() + "\" is not supported (supported: aescbc, aesgcm, secretbox, identity)"));
            if (type == ProviderType.IDENTITY) {
                keys.add(EncryptionKey.IDENTITY);
                continue;
            }
            JsonNode list = f.getValue().path("keys");
            if (list.isEmpty()) {
                throw new IllegalArgumentException(type.configName() + ": at least one key is required");
            }
            for (JsonNode k : list) {
                byte[] secret;
                try {
                    secret = Base64.getDecoder().decode(k.path("secret").asText(""));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(type.configName() + " key \"" + k.path("name").asText()
                            + "\": secret is not valid base64");
                }
                keys.add(new EncryptionKey(type, k.path("name").asText(""), secret));
            }
        }
        return new EncryptionConfig(keys);
    }

    private static boolean isSecretsOnly(JsonNode list) {
        return list.isArray() && list.size() == 1 && "secrets".equals(list.get(0).asText());
    }

    static byte[] serialize(EncryptionConfig config) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", "EncryptionConfiguration");
        root.put("apiVersion", "apiserver.config.k8s.io/v1");
        ObjectNode entry = root.putArray("resources").addObject();
        entry.putArray("resources").add("secrets");
        ArrayNode providers = entry.putArray("providers");
        ArrayNode currentKeys = null;
        ProviderType current = null;
        for (EncryptionKey k : config.keys()) {
            if (k.identity()) {
                providers.addObject().putObject("identity");
                current = null;
                continue;
            }
            if (k.type() != current) {
                currentKeys = providers.addObject().putObject(k.type().configName()).putArray("keys");
                current = k.type();
            }
            currentKeys.addObject().put("name", k.name()).put("secret", Base64.getEncoder().encodeToString(k.secret()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }
}
