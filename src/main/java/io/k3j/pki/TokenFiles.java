package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The join tokens and the password file under {@code <data-dir>/server}: {@code token} and
 * {@code node-token} (identical), {@code agent-token}, and {@code cred/passwd}. All mode 0600.
 *
 * <p>The password is chosen once. A restart reuses it; a different {@code --token} later is refused,
 * because every joined node and every backup of the datastore depends on the original one.
 */
public final class TokenFiles {

    static final String SERVER_USER = "server";
    static final String AGENT_USER = "node";
    static final int MODE = 0600;

    private static final Logger LOG = Logger.getLogger(TokenFiles.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFiles() {}

    /**
     * @param givenToken      {@code --token}: a password, or a full K10 token whose hash must match our CA;
     *                        blank counts as not given (an unset {@code K3S_TOKEN}-style variable)
     * @param givenAgentToken {@code --agent-token}; without it the agent token is the server token
     * @throws IllegalArgumentException for a malformed token, a K10 hash that does not match the CA, or a
     *                                  token that differs from the one the cluster was created with
     */
    public static Tokens ensure(Path serverDir, Path serverCaFile, Optional<String> givenToken,
                                Optional<String> givenAgentToken) throws IOException {
        String hash = ClusterToken.caHash(serverCaFile);
        Path tokenFile = serverDir.resolve("token");
        Path agentFile = serverDir.resolve("agent-token");

        Optional<ClusterToken> given = givenToken.filter(t -> !t.isBlank())
                .map(t -> checkHash(ClusterToken.parse(t), hash, "--token"));
        Optional<ClusterToken> existing = read(tokenFile);
        String password = pick("token", existing, given).orElseGet(TokenFiles::randomPassword);
        ClusterToken server = new ClusterToken(hash, SERVER_USER, password);

        Optional<ClusterToken> givenAgent = givenAgentToken.filter(t -> !t.isBlank())
                .map(t -> checkHash(ClusterToken.parse(t), hash, "--agent-token"));
        // Only an explicitly given agent token is written with user "node"; a copy of the server token is not one.
        Optional<ClusterToken> existingAgent = read(agentFile).filter(a -> AGENT_USER.equals(a.username()));
        Optional<String> agentPassword = pick("agent token", existingAgent, givenAgent);
        ClusterToken agent = agentPassword.map(p -> new ClusterToken(hash, AGENT_USER, p)).orElse(server);

        AtomicFiles.createPrivateDirectories(serverDir.resolve("cred"), 0700);
        byte[] serverLine = line(server.toString());
        writeLogged(tokenFile, serverLine);
        writeLogged(serverDir.resolve("node-token"), serverLine);
        writeLogged(agentFile, line(agent.toString()));
        writeLogged(serverDir.resolve("cred").resolve("passwd"), passwd(server.password(), agent.password()));
        return new Tokens(server, agent);
    }

    /**
     * The server token's password before anything is written: the one this data dir was created with, else the
     * given {@code --token}'s, else a new random one (a first server without {@code --token}). A server on a shared
     * datastore needs it first, to find and open the cluster's bootstrap data.
     */
    public static String serverPassword(Path serverDir, Optional<String> givenToken) throws IOException {
        Optional<ClusterToken> given = givenToken.filter(t -> !t.isBlank()).map(ClusterToken::parse);
        if (given.isPresent()) {
            return given.get().password();
        }
        return read(serverDir.resolve("token")).map(ClusterToken::password).orElseGet(TokenFiles::randomPassword);
    }

    /** The existing password wins; a given one must equal it. Messages name the file, never the secret. */
    private static Optional<String> pick(String what, Optional<ClusterToken> existing, Optional<ClusterToken> given) {
        if (existing.isPresent()) {
            if (given.isPresent() && !given.get().password().equals(existing.get().password())) {
                throw new IllegalArgumentException(what + " does not match the one this cluster was created with");
            }
            return Optional.of(existing.get().password());
        }
        return given.map(ClusterToken::password);
    }

    private static ClusterToken checkHash(ClusterToken t, String caHash, String flag) {
        if (t.isSecure() && !t.caHash().equals(caHash)) {
            throw new IllegalArgumentException(flag + " is for a different cluster CA: its hash K10"
                    + t.caHash().substring(0, 12) + "… does not match this server's CA hash K10"
                    + caHash.substring(0, 12) + "…");
        }
        return t;
    }

    private static Optional<ClusterToken> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return Optional.of(ClusterToken.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid token (" + e.getMessage() + ")");
        }
    }

    /** K3s's format: CSV {@code password,user,uid,group}; fields quoted when they need it. */
    static byte[] passwd(String serverPassword, String agentPassword) {
        String text = csv(serverPassword, SERVER_USER, SERVER_USER, "k3s:server")
                + csv(agentPassword, AGENT_USER, AGENT_USER, "k3s:agent");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String csv(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(f.contains(",") || f.contains("\"") ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return sb.append('\n').toString();
    }

    static String randomPassword() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static byte[] line(String s) {
        return (s + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeLogged(Path file, byte[] content) throws IOException {
        if (AtomicFiles.writeIfChanged(file, content, MODE)) {
            LOG.info(() -> "wrote " + file);
        }
    }
}
