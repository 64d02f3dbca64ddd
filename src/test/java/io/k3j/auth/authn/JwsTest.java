package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwsTest {

    private static final KeyPair RSA = TestCerts.rsaKey();
    private static final KeyPair EC = TestCerts.ecKey();

    private static ObjectNode claims() {
        return JsonNodeFactory.instance.objectNode().put("iss", "https://issuer").put("sub", "me");
    }

    private static String b64(String json) {
        return Jws.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rs256AndEs256RoundTrip() throws Exception {
        String rs = Jws.sign(JsonNodeFactory.instance.objectNode().put("kid", "k1"), claims(), JwsAlgorithm.RS256, RSA.getPrivate());
        Jws parsed = Jws.parse(rs);
        assertThat(parsed.algorithm()).isEqualTo(JwsAlgorithm.RS256);
        assertThat(parsed.keyId()).isEqualTo("k1");
        assertThat(parsed.claims().path("sub").asText()).isEqualTo("me");
        assertThat(parsed.verify(RSA.getPublic())).isTrue();
        assertThat(parsed.verify(EC.getPublic())).as("an EC key never checks an RS256 token").isFalse();

        String es = Jws.sign(JsonNodeFactory.instance.objectNode(), claims(), JwsAlgorithm.ES256, EC.getPrivate());
        Jws esParsed = Jws.parse(es);
        assertThat(esParsed.signature()).hasSize(64);
        assertThat(esParsed.verify(EC.getPublic())).isTrue();
        assertThat(esParsed.verify(TestCerts.ecKey().getPublic())).isFalse();
        assertThat(esParsed.verify(RSA.getPublic())).isFalse();
    }

    @Test
    void forgedPayloadFailsVerification() throws Exception {
        String token = Jws.sign(JsonNodeFactory.instance.objectNode(), claims(), JwsAlgorithm.RS256, RSA.getPrivate());
        String[] p = token.split("\\.");
        String forged = p[0] + "." + b64("{\"iss\":\"https://issuer\",\"sub\":\"admin\"}") + "." + p[2];
        assertThat(Jws.parse(forged).verify(RSA.getPublic())).isFalse();
        String otherKey = Jws.sign(JsonNodeFactory.instance.objectNode(), claims(), JwsAlgorithm.RS256, TestCerts.rsaKey().getPrivate());
        assertThat(Jws.parse(otherKey).verify(RSA.getPublic())).isFalse();
    }

    @Test
    void refusesNoneHmacAndUnknownAlgorithms() {
        for (String alg : new String[]{"none", "None", "HS256", "RS512", "PS256", "ES384", "EdDSA", "rs256"}) {
            String token = b64("{\"alg\":\"" + alg + "\"}") + "." + b64("{\"sub\":\"x\"}") + ".";
            assertThatThrownBy(() -> Jws.parse(token)).isInstanceOf(JwtException.class)
                    .hasMessageContaining("unsupported signing algorithm");
        }
        assertThatThrownBy(() -> Jws.parse(b64("{}") + "." + b64("{}") + ".")).hasMessageContaining("no algorithm");
        assertThatThrownBy(() -> Jws.parse(b64("{\"alg\":7}") + "." + b64("{}") + ".")).hasMessageContaining("no algorithm");
    }

    @Test
    void refusesMalformedTokens() {
        String h = b64("{\"alg\":\"RS256\"}");
        String c = b64("{\"sub\":\"x\"}");
        assertThatThrownBy(() -> Jws.parse(h + "." + c)).hasMessageContaining("3 parts");
        assertThatThrownBy(() -> Jws.parse(h + "." + c + ".a.b.c")).hasMessageContaining("3 parts");
        assertThatThrownBy(() -> Jws.parse(h + "=." + c + ".AA")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> Jws.parse(h + "." + c + ".A+/A")).hasMessageContaining("base64url");
        assertThatThrownBy(() -> Jws.parse(b64("[1]") + "." + c + ".AA")).hasMessageContaining("header is not a JSON object");
        assertThatThrownBy(() -> Jws.parse(h + "." + b64("\"x\"") + ".AA")).hasMessageContaining("payload is not a JSON object");
        assertThatThrownBy(() -> Jws.parse(h + "." + b64("{\"sub\":\"a\",\"sub\":\"b\"}") + ".AA"))
                .as("duplicate members are ambiguous").hasMessageContaining("payload is not a JSON object");
        assertThatThrownBy(() -> Jws.parse(b64("{\"alg\":\"RS256\",\"crit\":[\"exp\"]}") + "." + c + ".AA"))
                .hasMessageContaining("critical");
        assertThatThrownBy(() -> Jws.parse(h + "." + b64("[".repeat(50) + "]".repeat(50)) + ".AA"))
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> Jws.parse("a".repeat(Jws.MAX_LENGTH + 1))).hasMessageContaining("too long");
    }

    @Test
    void shortOrGarbledSignaturesAreInvalidNotErrors() throws Exception {
        String h = b64("{\"alg\":\"ES256\"}");
        String c = b64("{\"sub\":\"x\"}");
        assertThat(Jws.parse(h + "." + c + ".AAAA").verify(EC.getPublic())).isFalse();
        assertThat(Jws.parse(h + "." + c + "." + Jws.encode(new byte[64])).verify(EC.getPublic())).isFalse();
        String rh = b64("{\"alg\":\"RS256\"}");
        assertThat(Jws.parse(rh + "." + c + ".").verify(RSA.getPublic())).isFalse();
        assertThat(Jws.parse(rh + "." + c + "." + Jws.encode(new byte[1024])).verify(RSA.getPublic())).isFalse();
    }
}
