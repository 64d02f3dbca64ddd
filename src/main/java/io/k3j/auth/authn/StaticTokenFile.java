package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import io.vertx.core.Future;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code --kube-apiserver-arg=token-auth-file=FILE}: CSV lines {@code token,user,uid[,"group1,group2"]}, read
 * once at start as upstream does. Tokens are kept as SHA-256 digests, so neither a heap dump nor a timing
 * difference in the lookup gives them away.
 */
public final class StaticTokenFile implements TokenAuthenticator {

    private static final Logger LOG = Logger.getLogger(StaticTokenFile.class.getName());

    private final Map<Digest, UserInfo> users;

    StaticTokenFile(Map<Digest, UserInfo> users) {
        this.users = Map.copyOf(users);
    }

    /** Reads the file (blocking: call off the event loop). Errors name the file and line, never a token. */
    public static StaticTokenFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static StaticTokenFile parse(String text, String name) throws IOException {
        Map<Digest, UserInfo> users = new HashMap<>();
        int lineNo = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields;
            try {
                fields = Csv.fields(line);
            } catch (IllegalArgumentException e) {
                throw new IOException("token file '" + name + "' line " + lineNo + ": " + e.getMessage());
            }
            if (fields.size() < 3) {
                throw new IOException("token file '" + name + "' must have at least 3 columns (token, user name, user uid), found "
                        + fields.size() + " on line " + lineNo);
            }
            if (fields.get(0).isEmpty()) {
                LOG.warning(() -> "empty token in token file '" + name + "', skipped");
                continue;
            }
            List<String> groups = fields.size() >= 4 && !fields.get(3).isEmpty()
                    ? Arrays.asList(fields.get(3).split(",", -1)) : List.of();
            UserInfo user = new UserInfo(fields.get(1), fields.get(2), groups, Map.of());
            if (users.put(Digest.of(fields.get(0)), user) != null) {
                int n = lineNo;
                LOG.warning(() -> "duplicate token in token file '" + name + "' (line " + n + " wins)");
            }
        }
        return new StaticTokenFile(users);
    }

    public int size() {
        return users.size();
    }

    @Override
    public Future<AuthResult> authenticateToken(String token, List<String> audiences) {
        UserInfo user = users.get(Digest.of(token));
        return Future.succeededFuture(user == null ? AuthResult.NONE : new AuthResult.Success(user, audiences));
    }

    /** A token's SHA-256, as a map key. */
    record Digest(byte[] sha256) {
        static Digest of(String token) {
            try {
                return new Digest(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(sha256, d.sha256);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(sha256);
        }
    }

    /** One CSV record as Go's encoding/csv reads it: quoted fields may hold commas, "" is a quote. */
    static final class Csv {
        private Csv() {
        }

        static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            boolean quoted = false;
            boolean fieldStart = true;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                            if (i + 1 < line.length() && line.charAt(i + 1) != ',') {
                                throw new IllegalArgumentException("extraneous character after a quoted field");
                            }
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == ',') {
                    out.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    i++;
                    continue;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                } else if (c == '"') {
                    throw new IllegalArgumentException("bare \" in non-quoted field");
                } else {
                    field.append(c);
                }
                fieldStart = false;
                i++;
            }
            if (quoted) {
                throw new IllegalArgumentException("unterminated quoted field");
            }
            out.add(field.toString());
            return out;
        }
    }
}
