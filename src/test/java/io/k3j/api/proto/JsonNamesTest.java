package io.k3j.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The JSON names the decoder writes must be the names upstream's JSON uses. fabric8's models carry those names
 * ({@code @JsonProperty}), so walk every built-in kind's message alongside its fabric8 class and check each
 * proto field against the class's properties.
 */
class JsonNamesTest {

    /** Fields of Kubernetes 1.34+ that fabric8's 1.33 model does not have yet. */
    private static final Set<String> NEWER_THAN_FABRIC8 = Set.of(
            "k8s.io.api.core.v1.NodeAllocatableResourceClaimStatus.resources");

    @Test
    void everyDecodedFieldNameIsAnUpstreamJsonName() {
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ResourceDescriptor r : BuiltinResources.all()) {
            ProtoSchemas.messageFor(r.groupVersionKind())
                    .ifPresent(d -> walk(d, r.modelClass(), seen, wrong));
        }
        // bodies of subresources and DELETE, which the catalog names by kind only
        walk(ProtoSchemas.message("k8s.io.api.authentication.v1.TokenRequest"),
                io.fabric8.kubernetes.api.model.authentication.TokenRequest.class, seen, wrong);
        walk(ProtoSchemas.message("k8s.io.api.policy.v1.Eviction"),
                io.fabric8.kubernetes.api.model.policy.v1.Eviction.class, seen, wrong);
        walk(ProtoSchemas.message("k8s.io.api.autoscaling.v1.Scale"),
                io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class, seen, wrong);
        walk(ProtoSchemas.message(ProtoSchemas.META_PACKAGE + ".DeleteOptions"),
                io.fabric8.kubernetes.api.model.DeleteOptions.class, seen, wrong);
        assertThat(wrong).isEmpty();
        assertThat(seen.size()).as("message types walked").isGreaterThan(300);
    }

    private static void walk(Descriptor d, Class<?> model, Set<String> seen, List<String> wrong) {
        if (model == null || !seen.add(d.getFullName() + "@" + model.getName())) {
            return;
        }
        Map<String, Field> props = properties(model);
        for (FieldDescriptor f : d.getFields()) {
            if (JsonNames.inline(d, f)) {
                walk(f.getMessageType(), model, seen, wrong);
                continue;
            }
            String json = JsonNames.of(d, f);
            Field p = props.get(json);
            if (p == null && NEWER_THAN_FABRIC8.contains(d.getFullName() + "." + f.getName())) {
                continue;
            }
            if (p == null) {
                Field similar = props.values().stream()
                        .filter(x -> x.getAnnotation(JsonProperty.class).value().equalsIgnoreCase(json))
                        .findFirst().orElse(null);
                wrong.add(d.getFullName() + "." + f.getName() + " -> " + json + " (fabric8 "
                        + model.getSimpleName() + (similar == null ? " has none" : " has "
                        + similar.getAnnotation(JsonProperty.class).value()) + ")");
                continue;
            }
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isMapField()) {
                walk(f.getMessageType(), elementClass(p.getGenericType()), seen, wrong);
            } else if (f.isMapField()) {
                FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
                if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    walk(value.getMessageType(), elementClass(p.getGenericType()), seen, wrong);
                }
            }
        }
    }

    private static Map<String, Field> properties(Class<?> c) {
        Map<String, Field> out = new HashMap<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p != null) {
                    out.putIfAbsent(p.value(), f);
                }
            }
        }
        return out;
    }

    /** The fabric8 class of a field, of a list's elements or of a map's values; null for JDK and fabric8 wrappers. */
    private static Class<?> elementClass(Type t) {
        if (t instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return elementClass(args[args.length - 1]);
        }
        if (t instanceof Class<?> c && c.getName().startsWith("io.fabric8.kubernetes.api.model")
                && !c.getSimpleName().equals("Quantity") && !c.getSimpleName().equals("IntOrString")
                && !c.getSimpleName().equals("MicroTime") && !c.getSimpleName().equals("Duration")
                && !c.getSimpleName().equals("FieldsV1") && !c.getSimpleName().equals("KubernetesResource")
                && !c.getSimpleName().equals("JSONSchemaPropsOrBool") && !c.getSimpleName().equals("JSONSchemaPropsOrArray")
                && !c.getSimpleName().equals("JSONSchemaPropsOrStringArray")) {
            return c;
        }
        return null;
    }
}
