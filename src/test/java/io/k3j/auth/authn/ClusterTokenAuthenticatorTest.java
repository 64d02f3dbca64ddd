package io.k3j.auth.authn;

import io.k3j.pki.ClusterToken;
import io.k3j.pki.Tokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTokenAuthenticatorTest {

    private static final String HASH = "ab".repeat(32);
    private static final ClusterToken SERVER = new ClusterToken(HASH, "server", "serverpass");
    private static final ClusterToken AGENT = new ClusterToken(HASH, "node", "agentpass");

    private static String name(ClusterTokenAuthenticator a, String token) {
        AuthResult r = a.authenticateToken(token, List.of()).result();
        return r instanceof AuthResult.Success s ? s.user().name() : r.toString();
    }

    @Test
    void serverAndAgentTokensInEveryForm() {
        var a = new ClusterTokenAuthenticator(new Tokens(SERVER, AGENT));
        assertThat(name(a, "K10" + HASH + "::server:serverpass")).isEqualTo("server");
        assertThat(name(a, "K10" + HASH + "::node:agentpass")).isEqualTo("node");
        assertThat(name(a, "K10" + HASH + "::serverpass")).isEqualTo("server");
        assertThat(name(a, "server:serverpass")).isEqualTo("server");
        assertThat(name(a, "serverpass")).isEqualTo("server");
        assertThat(name(a, "agentpass")).isEqualTo("node");
        assertThat(a.authenticate("node", "agentpass")).contains(ClusterTokenAuthenticator.NODE);
        assertThat(ClusterTokenAuthenticator.NODE.groups()).containsExactly("k3s:agent");
        assertThat(ClusterTokenAuthenticator.SERVER.groups()).containsExactly("k3s:server");
    }

    @Test
    void wrongPasswordsHashesAndUsersFail() {
        var a = new ClusterTokenAuthenticator(new Tokens(SERVER, AGENT));
        assertThat(a.authenticateToken("K10" + "cd".repeat(32) + "::server:serverpass", List.of()).result())
                .isEqualTo(new AuthResult.Failure("join token is for a different cluster CA"));
        assertThat(a.authenticateToken("K10" + HASH + "::server:agentpass", List.of()).result())
                .isEqualTo(new AuthResult.Failure("invalid join token"));
        assertThat(a.authenticateToken("K10zz::x", List.of()).result()).isEqualTo(new AuthResult.Failure("malformed join token"));
        assertThat(a.authenticateToken("node:serverpass", List.of()).result()).as("not another kind of token's business")
                .isEqualTo(AuthResult.NONE);
        assertThat(a.authenticateToken("abcdef.0123456789abcdef", List.of()).result()).isEqualTo(AuthResult.NONE);
        assertThat(a.authenticate("admin", "serverpass")).isEqualTo(Optional.empty());
        assertThat(a.authenticate("server", "")).isEqualTo(Optional.empty());
    }

    @Test
    void withoutAnAgentTokenTheNodeUserSharesTheServerPassword() {
        var a = new ClusterTokenAuthenticator(new Tokens(SERVER, SERVER));
        assertThat(a.authenticate("node", "serverpass")).contains(ClusterTokenAuthenticator.NODE);
        assertThat(name(a, "serverpass")).isEqualTo("server");
    }
}
