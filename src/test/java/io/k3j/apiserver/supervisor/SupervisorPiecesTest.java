package io.k3j.apiserver.supervisor;

import io.k3j.auth.UserInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupervisorPiecesTest {

    @Test
    void passwordHashesAreSaltedAndVerify() {
        String a = PasswordHash.hash("s3cret");
        String b = PasswordHash.hash("s3cret");
        assertThat(a).startsWith("$pbkdf2-sha256$100000$").isNotEqualTo(b).doesNotContain("s3cret");
        assertThat(PasswordHash.matches(a, "s3cret")).isTrue();
        assertThat(PasswordHash.matches(a, "s3cret ")).isFalse();
        assertThat(PasswordHash.matches("garbage", "s3cret")).isFalse();
        assertThat(PasswordHash.matches("", "")).isFalse();
    }

    @Test
    void onlyJoinTokenUsersOpenIt() {
        assertThat(SupervisorRoutes.joined(new UserInfo("node", List.of("k3s:agent")))).isTrue();
        assertThat(SupervisorRoutes.joined(new UserInfo("server", List.of("k3s:server")))).isTrue();
        assertThat(SupervisorRoutes.joined(new UserInfo("system:admin", List.of("system:masters", "system:authenticated"))))
                .isFalse();
        assertThat(SupervisorRoutes.joined(UserInfo.anonymous())).isFalse();
        assertThat(SupervisorRoutes.isOurs("/v1-k3j/client-kubelet.crt")).isTrue();
        assertThat(SupervisorRoutes.isOurs("/v1-k3j/encrypt/status")).isFalse();
    }

    @Test
    void nodeIpsAreLiteralsPlusLoopback() {
        assertThat(SupervisorRoutes.nodeIps("10.0.0.1, fd00::1").stream().map(a -> a.getHostAddress()).toList())
                .containsExactly("10.0.0.1", "fd00:0:0:0:0:0:0:1", "127.0.0.1");
        assertThat(SupervisorRoutes.nodeIps(null).stream().map(a -> a.getHostAddress()).toList()).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> SupervisorRoutes.nodeIps("example.com")).hasMessage("header K3j-Node-IP: not an IP address: example.com");
    }
}
