package io.k3j.auth.authn;

import io.k3j.config.ComponentArgs;
import io.k3j.config.ComponentArgs.Component;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthnFlagsTest {

    private static AuthnFlags flags(String... args) {
        return AuthnFlags.from(ComponentArgs.parse(Component.KUBE_APISERVER, List.of(args)), "cluster.local");
    }

    @Test
    void everyKeyIsAcceptedByTheComponentArgs() {
        assertThat(Component.KUBE_APISERVER.supported()).containsAll(AuthnFlags.KEYS);
    }

    @Test
    void k3sDefaults() {
        AuthnFlags f = flags();
        assertThat(f.serviceAccountIssuer()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(f.apiAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local", "k3s");
        assertThat(f.bootstrapTokens()).isTrue();
        assertThat(f.tokenAuthFile()).isEmpty();
        assertThat(f.oidc()).isEmpty();
        assertThat(f.requestHeader().allowedNames()).containsExactly("system:auth-proxy");
        assertThat(AuthnFlags.from(ComponentArgs.parse(Component.KUBE_APISERVER, List.of()), "corp.example")
                .serviceAccountIssuer()).isEqualTo("https://kubernetes.default.svc.corp.example");
    }

    @Test
    void oidcFlags() {
        AuthnFlags f = flags("oidc-issuer-url=https://login.example.com", "oidc-client-id=k3j", "oidc-groups-claim=groups",
                "oidc-signing-algs=RS256,ES256", "oidc-ca-file=/etc/ca.pem", "token-auth-file=/etc/tokens.csv",
                "requestheader-allowed-names=");
        OidcSettings o = f.oidc().orElseThrow();
        assertThat(o.usernameClaim()).isEqualTo("sub");
        assertThat(o.effectiveUsernamePrefix()).isEqualTo("https://login.example.com#");
        assertThat(o.signingAlgorithms()).containsExactly(JwsAlgorithm.RS256, JwsAlgorithm.ES256);
        assertThat(o.caFile()).contains(Path.of("/etc/ca.pem"));
        assertThat(o.discoveryUrl()).isEqualTo("https://login.example.com/.well-known/openid-configuration");
        assertThat(f.tokenAuthFile()).contains(Path.of("/etc/tokens.csv"));
        assertThat(f.requestHeader().allowedNames()).as("empty: any CN from the request-header CA").isEmpty();
        assertThat(flags("oidc-issuer-url=https://x", "oidc-client-id=c", "oidc-username-claim=email")
                .oidc().orElseThrow().effectiveUsernamePrefix()).isEmpty();
        assertThat(flags("oidc-issuer-url=https://x", "oidc-client-id=c", "oidc-username-prefix=-")
                .oidc().orElseThrow().effectiveUsernamePrefix()).isEmpty();
        assertThat(flags("oidc-issuer-url=https://x", "oidc-client-id=c", "oidc-username-prefix=oidc:")
                .oidc().orElseThrow().effectiveUsernamePrefix()).isEqualTo("oidc:");
    }

    @Test
    void badValuesAreOneLineErrors() {
        assertThatThrownBy(() -> flags("oidc-issuer-url=http://login.example.com", "oidc-client-id=k3j"))
                .hasMessage("--kube-apiserver-arg oidc-issuer-url must be an https URL");
        assertThatThrownBy(() -> flags("oidc-issuer-url=https://login.example.com"))
                .hasMessage("--kube-apiserver-arg oidc-client-id is required with oidc-issuer-url");
        assertThatThrownBy(() -> flags("oidc-issuer-url=https://x", "oidc-client-id=c", "oidc-signing-algs=HS256"))
                .hasMessageContaining("unsupported algorithm \"HS256\"");
        assertThatThrownBy(() -> flags("enable-bootstrap-token-auth=yes")).hasMessageContaining("true or false");
    }
}
