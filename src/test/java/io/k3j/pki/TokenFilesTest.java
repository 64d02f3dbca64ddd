package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

    private static final String SECURE = "^K10[0-9a-f]{64}::server:[0-9a-f]{32}$";

    @TempDir
    Path dataDir;
    Path serverDir;
    ClusterPki pki;
    String caHash;

    @BeforeEach
    void setUp() throws Exception {
        serverDir = dataDir.resolve("server");
        pki = ClusterPki.ensure(PkiTestSupport.spec(serverDir.resolve("tls")), PkiTestSupport.clockAt(PkiTestSupport.T0));
        caHash = ClusterToken.caHash(pki.serverCaFile());
    }

    private Tokens ensure(Optional<String> token, Optional<String> agentToken) throws Exception {
        return TokenFiles.ensure(serverDir, pki.serverCaFile(), token, agentToken);
    }

    @Test
    void generatesSecureTokenWithHashOfCaFileBytes() throws Exception {
        Tokens t = ensure(Optional.empty(), Optional.empty());
        String token = Files.readString(serverDir.resolve("token")).strip();
        assertThat(token).matches(SECURE);
        assertThat(token).isEqualTo(t.server().toString());
        assertThat(token.substring(3, 67)).isEqualTo(ClusterToken.sha256Hex(Files.readAllBytes(pki.serverCaFile())));
        assertThat(Files.readString(serverDir.resolve("node-token"))).isEqualTo(Files.readString(serverDir.resolve("token")));
        // Without --agent-token, agents use the server token.
        assertThat(Files.readString(serverDir.resolve("agent-token"))).isEqualTo(Files.readString(serverDir.resolve("token")));
        assertThat(t.agent()).isEqualTo(t.server());
        assertThat(t.toString()).doesNotContain(t.server().password());
    }

    @Test
    void tokenFilesAndPasswdAreOwnerOnly() throws Exception {
        ensure(Optional.empty(), Optional.of("agentsecret"));
        for (Path f : List.of(serverDir.resolve("token"), serverDir.resolve("node-token"),
                serverDir.resolve("agent-token"), serverDir.resolve("cred/passwd"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void passwdListsServerAndNodeUsers() throws Exception {
        Tokens t = ensure(Optional.empty(), Optional.of("agentsecret"));
        assertThat(Files.readAllLines(serverDir.resolve("cred/passwd"))).containsExactly(
                t.server().password() + ",server,server,k3s:server",
                "agentsecret,node,node,k3s:agent");
    }

    @Test
    void passwdQuotesCommas() {
        assertThat(new String(TokenFiles.passwd("a,b", "c\"d"))).isEqualTo(
                "\"a,b\",server,server,k3s:server\n\"c\"\"d\",node,node,k3s:agent\n");
    }

    @Test
    void givenShortTokenBecomesThePassword() throws Exception {
        Tokens t = ensure(Optional.of("mysecret"), Optional.empty());
        assertThat(t.server()).isEqualTo(new ClusterToken(caHash, "server", "mysecret"));
        assertThat(Files.readString(serverDir.resolve("token")).strip()).isEqualTo("K10" + caHash + "::server:mysecret");
    }

    @Test
    void givenFullTokenWithOurHashIsAccepted() throws Exception {
        Tokens t = ensure(Optional.of("K10" + caHash + "::server:abc123"), Optional.empty());
        assertThat(t.server().password()).isEqualTo("abc123");
    }

    @Test
    void givenFullTokenWithForeignHashIsAnErrorNamingTheMismatch() {
        String foreign = "K10" + "ab".repeat(32) + "::server:topsecret";
        assertThatThrownBy(() -> ensure(Optional.of(foreign), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match")
                .hasMessageContaining("K10abababab")
                .hasMessageContaining(caHash.substring(0, 12))
                .message().doesNotContain("topsecret");
        assertThat(serverDir.resolve("token")).doesNotExist();
    }

    @Test
    void restartReusesThePassword() throws Exception {
        Tokens first = ensure(Optional.empty(), Optional.empty());
        byte[] before = Files.readAllBytes(serverDir.resolve("token"));
        Tokens second = ensure(Optional.empty(), Optional.empty());
        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(serverDir.resolve("token"))).isEqualTo(before);
        // Giving the same token again (short or full form) is fine.
        assertThat(ensure(Optional.of(first.server().password()), Optional.empty())).isEqualTo(first);
        assertThat(ensure(Optional.of(first.server().toString()), Optional.empty())).isEqualTo(first);
    }

    @Test
    void differentTokenOnRestartIsAnError() throws Exception {
        ensure(Optional.of("original"), Optional.empty());
        assertThatThrownBy(() -> ensure(Optional.of("changed"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token does not match the one this cluster was created with");
        assertThat(Files.readString(serverDir.resolve("token"))).contains("::server:original");
    }

    @Test
    void agentTokenUsesNodeUserAndSurvivesRestartWithoutFlag() throws Exception {
        Tokens t = ensure(Optional.empty(), Optional.of("agentpw"));
        assertThat(t.agent()).isEqualTo(new ClusterToken(caHash, "node", "agentpw"));
        assertThat(Files.readString(serverDir.resolve("agent-token")).strip()).isEqualTo("K10" + caHash + "::node:agentpw");
        assertThat(Files.readString(serverDir.resolve("node-token"))).isEqualTo(Files.readString(serverDir.resolve("token")));

        assertThat(ensure(Optional.empty(), Optional.empty()).agent()).isEqualTo(t.agent());
        assertThatThrownBy(() -> ensure(Optional.empty(), Optional.of("otheragentpw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("agent token does not match the one this cluster was created with");
    }

    @Test
    void tokenIsRewrittenWhenTheCaChanged() throws Exception {
        Tokens first = ensure(Optional.empty(), Optional.empty());
        // Simulate a rotated CA file: the hash moves, the password stays.
        Files.writeString(pki.serverCaFile(), Files.readString(pki.serverCaFile()) + "\n");
        Tokens second = ensure(Optional.empty(), Optional.empty());
        assertThat(second.server().password()).isEqualTo(first.server().password());
        assertThat(second.server().caHash()).isNotEqualTo(first.server().caHash())
                .isEqualTo(ClusterToken.caHash(pki.serverCaFile()));
    }

    @Test
    void corruptTokenFileIsAnError() throws Exception {
        Files.createDirectories(serverDir);
        Files.writeString(serverDir.resolve("token"), "K10zz::server:x");
        assertThatThrownBy(() -> ensure(Optional.empty(), Optional.empty()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not a valid token");
    }

    @Test
    void generatedPasswordsAreRandom() {
        assertThat(TokenFiles.randomPassword()).matches("[0-9a-f]{32}").isNotEqualTo(TokenFiles.randomPassword());
    }
}
