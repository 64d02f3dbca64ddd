package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapTokenAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-05-01T00:00:00Z");
    private final FakeLookup lookup = new FakeLookup();
    private final BootstrapTokenAuthenticator auth = new BootstrapTokenAuthenticator(lookup, Clock.fixed(NOW, ZoneOffset.UTC));

    private ObjectNode secret(String id, String secret) {
        ObjectNode s = lookup.put("secrets", "kube-system", "bootstrap-token-" + id);
        s.put("type", "bootstrap.kubernetes.io/token");
        s.putObject("data").put("token-id", b64(id)).put("token-secret", b64(secret))
                .put("usage-bootstrap-authentication", b64("true"));
        return s;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private AuthResult check(String token) {
        return auth.authenticateToken(token, List.of("a")).result();
    }

    @Test
    void validTokenIsTheBootstrapUser() {
        ObjectNode s = secret("abcdef", "0123456789abcdef");
        ((ObjectNode) s.get("data")).put("auth-extra-groups", b64("system:bootstrappers:k3s:default-node-token"))
                .put("expiration", b64("2026-05-02T00:00:00Z"));
        AuthResult r = check("abcdef.0123456789abcdef");
        assertThat(((AuthResult.Success) r).user().name()).isEqualTo("system:bootstrap:abcdef");
        assertThat(((AuthResult.Success) r).user().groups())
                .containsExactly("system:bootstrappers", "system:bootstrappers:k3s:default-node-token");
    }

    @Test
    void refusesWhatUpstreamRefuses() {
        assertThat(check("not-a-bootstrap-token")).isEqualTo(AuthResult.NONE);
        assertThat(check("ABCDEF.0123456789abcdef")).isEqualTo(AuthResult.NONE);
        assertThat(check("abcdef.0123456789abcdef")).isInstanceOf(AuthResult.Failure.class); // no secret

        ObjectNode s = secret("abcdef", "0123456789abcdef");
        assertThat(check("abcdef.0123456789abcdeX".toLowerCase())).isInstanceOf(AuthResult.Failure.class);

        ObjectNode data = (ObjectNode) s.get("data");
        data.put("expiration", b64("2026-04-30T23:59:59Z"));
        assertThat(check("abcdef.0123456789abcdef")).isEqualTo(new AuthResult.Failure("bootstrap token abcdef has expired"));
        data.remove("expiration");

        data.put("usage-bootstrap-authentication", b64("false"));
        assertThat(check("abcdef.0123456789abcdef")).isInstanceOf(AuthResult.Failure.class);
        data.put("usage-bootstrap-authentication", b64("true"));

        data.put("auth-extra-groups", b64("system:masters"));
        assertThat(check("abcdef.0123456789abcdef")).as("extra groups are confined to system:bootstrappers:*")
                .isEqualTo(new AuthResult.Failure("bootstrap token abcdef has an invalid extra group"));
        data.remove("auth-extra-groups");

        s.put("type", "Opaque");
        assertThat(check("abcdef.0123456789abcdef")).isInstanceOf(AuthResult.Failure.class);
        s.put("type", "bootstrap.kubernetes.io/token");

        ((ObjectNode) s.get("metadata")).put("deletionTimestamp", "2026-05-01T00:00:00Z");
        assertThat(check("abcdef.0123456789abcdef")).isInstanceOf(AuthResult.Failure.class);
        ((ObjectNode) s.get("metadata")).remove("deletionTimestamp");
        assertThat(check("abcdef.0123456789abcdef")).isInstanceOf(AuthResult.Success.class);
    }
}
