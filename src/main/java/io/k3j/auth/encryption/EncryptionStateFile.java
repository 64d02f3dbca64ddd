package io.k3j.auth.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code <data-dir>/server/cred/encryption-state.json}: the rotation stage, so a restart mid-way resumes where
 * it stopped (a re-encryption that was running starts again). Blocking file IO: call from a worker thread.
 */
final class EncryptionStateFile {

    static final String FILE_NAME = "encryption-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param skipKeyRemoval the running re-encryption keeps the old keys (reencrypt --skip) */
    record State(EncryptionStage stage, boolean skipKeyRemoval) {
    }

    private final Path path;

    EncryptionStateFile(Path credDir) {
        this.path = credDir.resolve(FILE_NAME);
    }

    State read() throws IOException {
        if (!Files.exists(path)) {
            return new State(EncryptionStage.START, false);
        }
        JsonNode n = JSON.readTree(Files.readAllBytes(path));
        return new State(EncryptionStage.parse(n.path("stage").asText()).orElse(EncryptionStage.START),
                n.path("skipKeyRemoval").asBoolean(false));
    }

    void write(State s) throws IOException {
        Path tmp = path.resolveSibling("." + FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("stage", s.stage().text()).put("skipKeyRemoval", s.skipKeyRemoval())));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
