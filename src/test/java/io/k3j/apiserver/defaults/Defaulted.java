package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helper: an object of a built-in kind run through {@link Defaulting}, checked to be a fixed point. */
final class Defaulted {

    static final ObjectMapper M = new ObjectMapper();
    static final Defaulting IPV4 = new Defaulting();

    private Defaulted() {
    }

    static ResourceDescriptor descriptor(String group, String version, String resource) {
        return BuiltinResources.all().stream()
                .filter(d -> d.group().equals(group) && d.version().equals(version) && d.resource().equals(resource))
                .findFirst().orElseThrow();
    }

    /** Defaults {@code json} once, asserts a second pass changes nothing, and answers the result. */
    static ObjectNode of(String group, String version, String resource, String json) {
        return of(IPV4, group, version, resource, json);
    }

    static ObjectNode of(Defaulting defaulting, String group, String version, String resource, String json) {
        ResourceDescriptor d = descriptor(group, version, resource);
        ObjectNode obj = (ObjectNode) parse(json);
        defaulting.apply(d, obj);
        ObjectNode again = obj.deepCopy();
        defaulting.apply(d, again);
        assertThat(again).as("defaulting twice changes nothing").isEqualTo(obj);
        return obj;
    }

    static JsonNode parse(String json) {
        try {
            return M.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** Asserts equality as JSON trees, printing both on failure. */
    static void assertJson(JsonNode actual, String expected) {
        JsonNode want = parse(expected);
        assertThat(actual).withFailMessage("expected%n%s%nbut was%n%s", want.toPrettyString(), actual.toPrettyString())
                .isEqualTo(want);
    }
}
