package io.k3j.agent.join;

import io.k3j.pki.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node password: a random secret made on the first join and sent with every request for node certificates.
 * The server remembers its hash for the node name (Secret {@code kube-system/<node>.node-password.k3s}), so only
 * this agent gets certificates for that name; losing the file locks the name until an administrator deletes the
 * Secret, as in K3s.
 */
final class NodePassword {

    private static final SecureRandom RANDOM = new SecureRandom();

    private NodePassword() {
    }

    /** The password in {@code file}, made (16 random bytes, hex, mode 0600) when there is none. */
    static String ensure(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file).strip();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        AtomicFiles.write(file, (password + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0600);
        return password;
    }
}
