package io.k3j.apiserver.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.PatchMeta;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates OpenAPI v3 component schemas from fabric8 model classes by reflection over their
 * {@code @JsonProperty} fields. Each class becomes one named schema; fields referencing other model classes
 * become {@code $ref}s, so recursive types (JSONSchemaProps) terminate. Not thread-safe: callers serialise.
 */
final class SchemaGenerator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String REF_PREFIX = "#/components/schemas/";
    /** String-typed fabric8 fields that are metav1.Time on the wire, beyond the *Time / *Timestamp names. */
    private static final Set<String> TIME_FIELDS = Set.of("startedAt", "finishedAt", "time", "timeAdded");

    private final Map<String, List<GroupVersionKind>> kindsBySchema;
    private final Map<String, Class<?>> classes = new HashMap<>();
    private final Map<String, ObjectNode> schemas = new HashMap<>();
    private final Map<String, Set<String>> references = new HashMap<>();
    private final Deque<String> pending = new ArrayDeque<>();

    /** @param kindsBySchema the GVKs to stamp on top-level kind schemas as x-kubernetes-group-version-kind */
    SchemaGenerator(Map<String, List<GroupVersionKind>> kindsBySchema) {
        this.kindsBySchema = kindsBySchema;
    }

    /** Registers a model class (and, lazily, everything it references); returns its schema name. */
    String register(Class<?> type) {
        String name = SchemaNames.of(type);
        Class<?> known = classes.putIfAbsent(name, type);
        if (known == null) {
            pending.add(name);
        } else if (known != type) {
            throw new IllegalStateException(name + " maps both " + known.getName() + " and " + type.getName());
        }
        return name;
    }

    /** All schemas reachable from {@code roots}, sorted by name as upstream sorts them. */
    Map<String, ObjectNode> closure(Collection<String> roots) {
        drain();
        Map<String, ObjectNode> out = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!out.containsKey(name)) {
                out.put(name, schema(name));
                todo.addAll(references.getOrDefault(name, Set.of()));
            }
        }
        return out;
    }

    private ObjectNode schema(String name) {
        if (SpecialSchemas.isSpecial(name)) {
            return SpecialSchemas.get(name);
        }
        ObjectNode s = schemas.get(name);
        if (s == null) {
            throw new IllegalStateException("no schema for " + name);
        }
        return s;
    }

    private void drain() {
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!SpecialSchemas.isSpecial(name) && !schemas.containsKey(name)) {
                schemas.put(name, objectSchema(name, classes.get(name)));
            }
        }
    }

    private ObjectNode objectSchema(String name, Class<?> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        Map<String, ObjectNode> properties = new TreeMap<>();
        Set<String> required = new LinkedHashSet<>();
        Set<String> refs = references.computeIfAbsent(name, n -> new LinkedHashSet<>());
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty json = f.getAnnotation(JsonProperty.class);
                if (json == null || Modifier.isStatic(f.getModifiers()) || f.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                String prop = json.value().isEmpty() ? f.getName() : json.value();
                ObjectNode p = typeSchema(f.getGenericType(), type, prop, refs);
                properties.putIfAbsent(prop, withPatchMeta(p, PatchMeta.lookup(name, prop).orElse(null)));
                if (json.required()) {
                    required.add(prop);
                }
            }
        }
        RequiredFields.of(name).stream().filter(properties::containsKey).forEach(required::add);
        ObjectNode props = schema.putObject("properties");
        properties.forEach(props::set);
        if (!required.isEmpty()) {
            ArrayNode r = schema.putArray("required");
            required.forEach(r::add);
        }
        List<GroupVersionKind> kinds = kindsBySchema.get(name);
        if (kinds != null) {
            ArrayNode gvks = schema.putArray("x-kubernetes-group-version-kind");
            kinds.stream().sorted(Comparator.comparing(GroupVersionKind::toString))
                    .forEach(k -> gvks.addObject().put("group", k.group()).put("kind", k.kind())
                            .put("version", k.version()));
        }
        return schema;
    }

    private ObjectNode typeSchema(Type type, Class<?> owner, String field, Set<String> refs) {
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", typeSchema(args[0], owner, field, refs));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                map.set("additionalProperties", typeSchema(args[1], owner, field, refs));
                return map;
            }
            return typeSchema(raw, owner, field, refs);
        }
        if (!(type instanceof Class<?> c)) {
            return ref(SchemaNames.RAW_EXTENSION, refs);
        }
        if (c == String.class) {
            return isTimeField(field) ? ref(SchemaNames.TIME, refs) : JSON.objectNode().put("type", "string");
        }
        if (c == Integer.class || c == int.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int32");
        }
        if (c == Long.class || c == long.class) {
            return JSON.objectNode().put("type", "integer").put("format", "int64");
        }
        if (c == Boolean.class || c == boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return JSON.objectNode().put("type", "number").put("format", c == Float.class || c == float.class
                    ? "float" : "double");
        }
        if (c.isEnum()) {
            return JSON.objectNode().put("type", "string");
        }
        if (Temporal.class.isAssignableFrom(c)) {
            return ref(SchemaNames.MICRO_TIME, refs);
        }
        if (c.isArray() && c.getComponentType() == byte.class) {
            return JSON.objectNode().put("type", "string").put("format", "byte");
        }
        if (isOpaque(c)) {
            return ref(owner.getPackageName().contains(".apiextensions.") ? SchemaNames.JSON
                    : SchemaNames.RAW_EXTENSION, refs);
        }
        return ref(register(c), refs);
    }

    private static boolean isTimeField(String field) {
        return field.endsWith("Time") || field.endsWith("Timestamp") || TIME_FIELDS.contains(field);
    }

    /** Values fabric8 types as Object/AnyType/JsonNode: arbitrary JSON (RawExtension, or JSON in CRDs). */
    private static boolean isOpaque(Class<?> c) {
        String n = c.getName();
        return c == Object.class || c.isInterface() || n.endsWith(".AnyType") || n.endsWith(".RawExtension")
                || n.endsWith("databind.JsonNode");
    }

    private static ObjectNode ref(String schemaName, Set<String> refs) {
        refs.add(schemaName);
        return JSON.objectNode().put("$ref", REF_PREFIX + schemaName);
    }

    /** Adds the merge extensions; a $ref cannot have siblings in OpenAPI 3.0, so it is wrapped in allOf. */
    private static ObjectNode withPatchMeta(ObjectNode p, PatchMeta.Field meta) {
        if (meta == null) {
            return p;
        }
        ObjectNode target = p;
        if (p.has("$ref")) {
            target = JSON.objectNode();
            target.putArray("allOf").add(p);
        }
        if (meta.listType() != null && "array".equals(p.path("type").asText())) {
            target.put("x-kubernetes-list-type", meta.listType());
            if (!meta.listMapKeys().isEmpty()) {
                ArrayNode keys = target.putArray("x-kubernetes-list-map-keys");
                meta.listMapKeys().forEach(keys::add);
            }
        }
        if (meta.mergeKey() != null) {
            target.put("x-kubernetes-patch-merge-key", meta.mergeKey());
        }
        if (meta.strategy() != null) {
            target.put("x-kubernetes-patch-strategy", meta.strategy());
        }
        return target;
    }

    /** Every schema generated so far (for tests and the validator). */
    List<String> generatedNames() {
        drain();
        return new ArrayList<>(schemas.keySet());
    }
}
