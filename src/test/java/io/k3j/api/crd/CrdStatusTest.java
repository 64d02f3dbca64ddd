package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming and establishing controllers' status, and what an accepted CRD serves. */
class CrdStatusTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2025-01-01T00:01:00Z");
    private static final CrdStatus.UsedNames NONE = new CrdStatus.UsedNames(Set.of(), Set.of());

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return null;
    }

    private static Crd with(ObjectNode crd, ObjectNode status) {
        ObjectNode copy = crd.deepCopy();
        copy.set("status", status);
        return Crd.parse(copy);
    }

    @Test
    void freshCrdGetsNamesThenEstablished() {
        ObjectNode json = CrdFixtures.crontabs();
        ObjectNode status = CrdStatus.compute(Crd.parse(json), NONE, T0);
        assertThat(status.get("acceptedNames").toString()).isEqualTo("{\"plural\":\"crontabs\",\"singular\":\"crontab\","
                + "\"shortNames\":[\"ct\"],\"kind\":\"CronTab\",\"listKind\":\"CronTabList\"}");
        assertThat(condition(status, "NamesAccepted").toString()).isEqualTo("{\"type\":\"NamesAccepted\",\"status\":\"True\","
                + "\"lastTransitionTime\":\"2025-01-01T00:00:00Z\",\"reason\":\"NoConflicts\",\"message\":\"no conflicts found\"}");
        assertThat(condition(status, "Established").path("reason").asText()).isEqualTo("Installing");
        assertThat(status.get("storedVersions").toString()).isEqualTo("[\"v1\"]");

        Crd named = with(json, status);
        assertThat(CrdResources.of(named)).hasSize(2); // names accepted: served, Established follows
        ObjectNode established = CrdStatus.establish(named, T1);
        JsonNode e = condition(established, "Established");
        assertThat(e.path("status").asText()).isEqualTo("True");
        assertThat(e.path("reason").asText()).isEqualTo("InitialNamesAccepted");
        assertThat(e.path("message").asText()).isEqualTo("the initial names have been accepted");
        assertThat(e.path("lastTransitionTime").asText()).isEqualTo("2025-01-01T00:01:00Z");
        // A settled CRD computes to the same status: no write loop.
        Crd settled = with(json, established);
        assertThat(CrdStatus.compute(settled, NONE, T1)).isEqualTo(established);
        assertThat(condition(CrdStatus.compute(settled, NONE, T1), "NamesAccepted").path("lastTransitionTime").asText())
                .isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void conflictsWithAnotherCrdOfTheGroup() {
        ObjectNode first = CrdFixtures.crontabs();
        Crd accepted = with(first, CrdStatus.compute(Crd.parse(first), NONE, T0));
        ObjectNode second = CrdFixtures.crontabs();
        ((ObjectNode) second.get("metadata")).put("name", "crons.stable.example.com");
        ((ObjectNode) second.at("/spec/names")).put("plural", "crons").put("singular", "cron").put("kind", "Cron")
                .put("listKind", "CronList");
        Crd crd = Crd.parse(second);
        CrdStatus.UsedNames used = CrdStatus.UsedNames.forGroup(crd, List.of(accepted, crd), NONE);
        ObjectNode status = CrdStatus.compute(crd, used, T0);
        JsonNode names = condition(status, "NamesAccepted");
        assertThat(names.path("status").asText()).isEqualTo("False");
        assertThat(names.path("reason").asText()).isEqualTo("ShortNamesConflict");
        assertThat(names.path("message").asText()).isEqualTo("\"ct\" is already in use");
        assertThat(condition(status, "Established").path("reason").asText()).isEqualTo("NotAccepted");
        assertThat(condition(status, "Established").path("message").asText()).isEqualTo("not all names are accepted");
        assertThat(status.at("/acceptedNames/plural").asText()).isEqualTo("crons");
        assertThat(status.at("/acceptedNames").has("shortNames")).isFalse();
        assertThat(CrdResources.of(with(second, status))).isEmpty();
    }

    @Test
    void conflictsWithBuiltinResources() {
        ObjectNode json = CrdFixtures.crontabs();
        Crd crd = Crd.parse(json);
        ObjectNode status = CrdStatus.compute(crd, new CrdStatus.UsedNames(Set.of("crontabs"), Set.of()), T0);
        assertThat(condition(status, "NamesAccepted").path("reason").asText()).isEqualTo("PluralConflict");
        assertThat(condition(status, "NamesAccepted").path("message").asText()).isEqualTo("\"crontabs\" is already in use");
    }

    @Test
    void servedVersionsCarryTheirSchemaAndSubresources() {
        ObjectNode json = CrdFixtures.crontabs();
        Crd crd = with(json, CrdStatus.establish(with(json, CrdStatus.compute(Crd.parse(json), NONE, T0)), T0));
        List<ResourceDescriptor> served = CrdResources.of(crd);
        assertThat(served).extracting(ResourceDescriptor::version).containsExactly("v1beta1", "v1");
        ResourceDescriptor v1 = served.get(1);
        assertThat(v1.resource()).isEqualTo("crontabs");
        assertThat(v1.listKind()).isEqualTo("CronTabList");
        assertThat(v1.shortNames()).containsExactly("ct");
        assertThat(v1.subresources()).extracting(s -> s.name()).containsExactly("scale", "status");
        assertThat(v1.custom().storageVersion()).isEqualTo("v1");
        assertThat(v1.custom().schema().property("spec")).isPresent();
        assertThat(served.get(0).custom().deprecationWarning())
                .isEqualTo("stable.example.com/v1beta1 CronTab is deprecated; use stable.example.com/v1 CronTab");
        assertThat(served.get(0).subresources()).isEmpty();
    }
}
