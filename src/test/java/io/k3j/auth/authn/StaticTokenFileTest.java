package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticTokenFileTest {

    private static UserInfo user(StaticTokenFile f, String token) {
        AuthResult r = f.authenticateToken(token, List.of("aud")).result();
        return r instanceof AuthResult.Success s ? s.user() : null;
    }

    @Test
    void readsUpstreamCsv() throws IOException {
        StaticTokenFile f = StaticTokenFile.parse("""
                tok1,alice,uid-1,"devs,ops"
                tok2,bob,uid-2
                "tok,3",carol,uid-3,single,ignored-extra-column

                ,nobody,uid-0
                """, "tokens.csv");
        assertThat(f.size()).isEqualTo(3);
        assertThat(user(f, "tok1")).isEqualTo(new UserInfo("alice", "uid-1", List.of("devs", "ops"), java.util.Map.of()));
        assertThat(user(f, "tok2").groups()).isEmpty();
        assertThat(user(f, "tok,3").groups()).containsExactly("single");
        assertThat(user(f, "tok")).isNull();
        assertThat(user(f, "")).isNull();
        assertThat(f.authenticateToken("unknown", List.of()).result()).isEqualTo(AuthResult.NONE);
    }

    @Test
    void laterDuplicateWinsAndCrlfIsFine() throws IOException {
        StaticTokenFile f = StaticTokenFile.parse("t,first,1\r\nt,second,2\r\n", "f");
        assertThat(user(f, "t").name()).isEqualTo("second");
    }

    @Test
    void malformedFilesAreRefusedWithoutEchoingTokens() {
        assertThatThrownBy(() -> StaticTokenFile.parse("secret-token,alice\n", "tokens.csv"))
                .hasMessageContaining("must have at least 3 columns").hasMessageContaining("line 1")
                .hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> StaticTokenFile.parse("\"unterminated,alice,1\n", "f")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> StaticTokenFile.parse("a\"b,alice,1\n", "f")).hasMessageContaining("bare \"");
    }
}
