package io.k3j.auth.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptionConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void freshConfigIsUpstreamsShapeWithOneKeyThenIdentityMode0600() throws Exception {
        EncryptionConfigFile file = EncryptionConfigFile.in(dir);
        file.write(EncryptionConfig.fresh(ProviderType.AESCBC));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        JsonNode root = new ObjectMapper().readTree(file.path().toFile());
        assertThat(root.path("kind").asText()).isEqualTo("EncryptionConfiguration");
        assertThat(root.path("apiVersion").asText()).isEqualTo("apiserver.config.k8s.io/v1");
        JsonNode entry = root.path("resources").get(0);
        assertThat(entry.path("resources").toString()).isEqualTo("[\"secrets\"]");
        JsonNode key = entry.path("providers").get(0).path("aescbc").path("keys").get(0);
        assertThat(key.path("name").asText()).isEqualTo("aescbckey");
        assertThat(Base64.getDecoder().decode(key.path("secret").asText())).hasSize(32);
        assertThat(entry.path("providers").get(1).has("identity")).isTrue();
        assertThat(file.read()).isEqualTo(EncryptionConfigFile.parse(Files.readAllBytes(file.path())));
    }

    @Test
    void readsAK3sStyleFileWithSeveralProviders() throws Exception {
        String k1 = Base64.getEncoder().encodeToString(new byte[32]);
        String json = """
                {"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1",
                 "resources":[{"resources":["secrets"],"providers":[
                   {"secretbox":{"keys":[{"name":"secretboxkey-2026-01-01T00:00:00Z","secret":"%s"}]}},
                   {"aescbc":{"keys":[{"name":"aescbckey","secret":"%s"},{"name":"aescbckey-2","secret":"%s"}]}},
                   {"identity":{}}]}]}""".formatted(k1, k1, k1);
        EncryptionConfig c = EncryptionConfigFile.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(c.keys()).extracting(EncryptionKey::toString).containsExactly(
                "secretbox:secretboxkey-2026-01-01T00:00:00Z", "aescbc:aescbckey", "aescbc:aescbckey-2", "identity:identity");
        // Written back, consecutive keys of one provider share one entry, as they came.
        JsonNode back = new ObjectMapper().readTree(EncryptionConfigFile.serialize(c));
        assertThat(back.path("resources").get(0).path("providers")).hasSize(3);
        assertThat(EncryptionConfigFile.parse(EncryptionConfigFile.serialize(c))).isEqualTo(c);
    }

    @Test
    void rejectsWhatK3jCannotHonour() {
        assertThatThrownBy(() -> EncryptionConfigFile.parse("""
                {"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1",
                 "resources":[{"resources":["secrets"],"providers":[{"kms":{"name":"x"}}]}]}""".getBytes()))
                .hasMessageContaining("provider \"kms\" is not supported");
        assertThatThrownBy(() -> EncryptionConfigFile.parse("""
                {"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1",
                 "resources":[{"resources":["configmaps"],"providers":[{"identity":{}}]}]}""".getBytes()))
                .hasMessageContaining("exactly one resource, secrets");
        assertThatThrownBy(() -> EncryptionConfigFile.parse("""
                {"kind":"EncryptionConfiguration","apiVersion":"apiserver.config.k8s.io/v1",
                 "resources":[{"resources":["secrets"],"providers":[{"aescbc":{"keys":[{"name":"a","secret":"c2hvcnQ="}]}}]}]}"""
                .getBytes())).hasMessageContaining("16, 24 or 32 bytes");
    }

    @Test
    void rotationStepsReorderKeysAsK3sDoes() {
        EncryptionConfig c = EncryptionConfig.fresh(ProviderType.AESCBC);
        EncryptionKey next = c.generate(ProviderType.AESCBC, Instant.parse("2026-11-28T13:00:00.456Z"));
        assertThat(next.name()).isEqualTo("aescbckey-2026-11-28T13:00:00Z");
        EncryptionConfig prepared = c.withPrepared(next);
        assertThat(names(prepared)).containsExactly("aescbckey", "aescbckey-2026-11-28T13:00:00Z", "identity");
        EncryptionConfig rotated = prepared.rotated();
        assertThat(names(rotated)).containsExactly("aescbckey-2026-11-28T13:00:00Z", "aescbckey", "identity");
        assertThat(names(rotated.withoutOldKeys())).containsExactly("aescbckey-2026-11-28T13:00:00Z", "identity");
        assertThat(names(rotated.disabledConfig())).containsExactly("identity", "aescbckey-2026-11-28T13:00:00Z", "aescbckey");
        assertThat(rotated.disabledConfig().enabled()).isFalse();
        assertThat(names(rotated.disabledConfig().enabledConfig())).containsExactly("aescbckey-2026-11-28T13:00:00Z", "aescbckey", "identity");
        assertThat(c.generate(ProviderType.SECRETBOX, Instant.EPOCH).type()).isEqualTo(ProviderType.SECRETBOX);
        assertThatThrownBy(c::rotated).hasMessageContaining("no prepared key");
    }

    private static List<String> names(EncryptionConfig c) {
        return c.keys().stream().map(EncryptionKey::name).toList();
    }
}
