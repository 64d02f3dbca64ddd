package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.k3j.api.schema.FieldError;
import io.k3j.api.schema.SchemaValidator;
import io.k3j.api.schema.StructuralCheck;
import io.k3j.api.schema.StructuralSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of a CustomResourceDefinition on create and update, with upstream's field paths and texts: name
 * = plural.group, a dotted group, scope, names, exactly one storage version, a structural schema per version
 * whose defaults are valid, printer columns, the scale subresource's paths, the approval annotation of
 * protected groups and, on update, the fields that cannot change.
 */
public final class CrdValidation {

    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or "
            + "'-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private static final String DNS1123_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "object", "string");
    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
    private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float", "int32",
            "int64", "password");
    static final String APPROVAL_ANNOTATION = "api-approved.kubernetes.io";

    private final SchemaValidator values = new SchemaValidator();

    public List<FieldError> validateCreate(JsonNode crd) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText("");
        String plural = spec.path("names").path("plural").asText("");
        String name = crd.path("metadata").path("name").asText("");
        if (!name.equals(plural + "." + group)) {
            errors.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        spec(spec, errors);
        approval(crd, group, errors);
        return errors;
    }

    public List<FieldError> validateUpdate(JsonNode crd, JsonNode old) {
        List<FieldError> errors = validateCreate(crd);
        JsonNode spec = crd.path("spec");
        JsonNode oldSpec = old.path("spec");
        immutable(spec.path("group"), oldSpec.path("group"), "spec.group", errors);
        immutable(spec.path("names").path("plural"), oldSpec.path("names").path("plural"), "spec.names.plural", errors);
        if (Crd.parse(old).established()) {
            immutable(spec.path("scope"), oldSpec.path("scope"), "spec.scope", errors);
            immutable(spec.path("names").path("kind"), oldSpec.path("names").path("kind"), "spec.names.kind", errors);
        }
        JsonNode stored = crd.path("status").path("storedVersions");
        Set<String> versions = new HashSet<>();
        spec.path("versions").forEach(v -> versions.add(v.path("name").asText()));
        for (int i = 0; i < stored.size(); i++) {
            if (!versions.contains(stored.get(i).asText())) {
                errors.add(FieldError.invalid("status.storedVersions[" + i + "]", stored.get(i),
                        "must appear in spec.versions"));
            }
        }
        return errors;
    }

    private static void immutable(JsonNode now, JsonNode before, String path, List<FieldError> errors) {
        if (!now.equals(before)) {
            errors.add(FieldError.invalid(path, now.isMissingNode() ? TextNode.valueOf("") : now, "field is immutable"));
        }
    }

    private void spec(JsonNode spec, List<FieldError> errors) {
        String group = spec.path("group").asText("");
        if (group.isEmpty()) {
            errors.add(FieldError.required("spec.group", ""));
        } else if (!DNS1123_SUBDOMAIN.matcher(group).matches() || group.length() > 253) {
            errors.add(FieldError.invalid("spec.group", group, group.length() > 253
                    ? "must be no more than 253 characters" : DNS1123_MSG));
        } else if (!group.contains(".")) {
            errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
        }
        String scope = spec.path("scope").asText("");
        if (scope.isEmpty()) {
            errors.add(FieldError.required("spec.scope", ""));
        } else if (!scope.equals("Cluster") && !scope.equals("Namespaced")) {
            errors.add(FieldError.notSupported("spec.scope", TextNode.valueOf(scope), List.of("Cluster", "Namespaced")));
        }
        if (spec.path("preserveUnknownFields").asBoolean(false)) {
            errors.add(FieldError.invalid("spec.preserveUnknownFields", BooleanNode.TRUE,
                    "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in openAPIV3Schema instead"));
        }
        names(spec.path("names"), errors);
        versions(spec, errors);
        String strategy = spec.path("conversion").path("strategy").asText("None");
        if (!strategy.equals("None") && !strategy.equals("Webhook")) {
            errors.add(FieldError.notSupported("spec.conversion.strategy", TextNode.valueOf(strategy),
                    List.of("None", "Webhook")));
        }
    }

    private static void names(JsonNode names, List<FieldError> errors) {
        String p = "spec.names";
        for (String f : List.of("plural", "singular")) {
            String v = names.path(f).asText("");
            if (v.isEmpty()) {
                errors.add(FieldError.required(p + "." + f, ""));
            } else {
                dns1035(v, v, p + "." + f, "", errors);
            }
        }
        for (String f : List.of("kind", "listKind")) {
            String v = names.path(f).asText("");
            if (v.isEmpty()) {
                errors.add(FieldError.required(p + "." + f, ""));
            } else {
                dns1035(v.toLowerCase(Locale.ROOT), v, p + "." + f, "may have mixed case, but should otherwise match: ", errors);
            }
        }
        JsonNode shortNames = names.path("shortNames");
        for (int i = 0; i < shortNames.size(); i++) {
            dns1035(shortNames.get(i).asText(), shortNames.get(i).asText(), p + ".shortNames[" + i + "]", "", errors);
        }
        String kind = names.path("kind").asText("");
        if (!kind.isEmpty() && kind.equals(names.path("listKind").asText(""))) {
            errors.add(FieldError.invalid(p + ".listKind", kind, "kind and listKind may not be the same"));
        }
        JsonNode categories = names.path("categories");
        for (int i = 0; i < categories.size(); i++) {
            dns1035(categories.get(i).asText(), categories.get(i).asText(), p + ".categories[" + i + "]", "", errors);
        }
    }

    private static void dns1035(String checked, String shown, String path, String prefix, List<FieldError> errors) {
        if (checked.length() > 63) {
            errors.add(FieldError.invalid(path, shown, prefix + "must be no more than 63 characters"));
        } else if (!DNS1035.matcher(checked).matches()) {
            errors.add(FieldError.invalid(path, shown, prefix + DNS1035_MSG));
        }
    }

    private void versions(JsonNode spec, List<FieldError> errors) {
        JsonNode versions = spec.path("versions");
        int storage = 0;
        Set<String> seen = new HashSet<>();
        boolean unique = true;
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String path = "spec.versions[" + i + "]";
            String name = v.path("name").asText("");
            storage += v.path("storage").asBoolean(false) ? 1 : 0;
            unique &= seen.add(name);
            dns1035(name, name, path + ".name", "", errors);
            version(v, path, errors);
        }
        if (versions.isEmpty() || storage != 1) {
            errors.add(FieldError.invalid("spec.versions", versions.isMissingNode() ? TextNode.valueOf("") : versions,
                    "must have exactly one version marked as storage version"));
        }
        if (!unique) {
            errors.add(FieldError.invalid("spec.versions", versions, "must contain unique version names"));
        }
    }

    private void version(JsonNode v, String path, List<FieldError> errors) {
        JsonNode schema = v.path("schema").get("openAPIV3Schema");
        String schemaPath = path + ".schema.openAPIV3Schema";
        if (schema == null || !schema.isObject()) {
            errors.add(FieldError.required(schemaPath, "schemas are required"));
        } else {
            errors.addAll(StructuralCheck.check(schema, schemaPath));
            schemaValues(schema, schemaPath, errors);
        }
        JsonNode columns = v.path("additionalPrinterColumns");
        for (int i = 0; i < columns.size(); i++) {
            column(columns.get(i), path + ".additionalPrinterColumns[" + i + "]", errors);
        }
        JsonNode scale = v.path("subresources").get("scale");
        if (scale != null) {
            scale(scale, path + ".subresources.scale", errors);
        }
    }

    /** Types must be known, and every default must be valid against the schema node it sits in. */
    private void schemaValues(JsonNode s, String path, List<FieldError> errors) {
        if (s == null || !s.isObject()) {
            return;
        }
        String type = s.path("type").asText("");
        if (!type.isEmpty() && !TYPES.contains(type)) {
            errors.add(FieldError.notSupported(path + ".type", TextNode.valueOf(type), TYPES));
        }
        if (s.has("default")) {
            errors.addAll(values.validateValue(s.get("default"), StructuralSchema.parse(s), path + ".default"));
        }
        if (s.has("pattern")) {
            try {
                Pattern.compile(s.get("pattern").asText());
            } catch (java.util.regex.PatternSyntaxException e) {
                errors.add(FieldError.invalid(path + ".pattern", s.get("pattern"), "must be a valid regular expression, but "
                        + "isn't: " + e.getDescription()));
            }
        }
        for (Map.Entry<String, JsonNode> p : s.path("properties").properties()) {
            schemaValues(p.getValue(), path + ".properties[" + p.getKey() + "]", errors);
        }
        schemaValues(s.get("items"), path + ".items", errors);
        if (s.path("additionalProperties").isObject()) {
            schemaValues(s.get("additionalProperties"), path + ".additionalProperties", errors);
        }
    }

    private static void column(JsonNode c, String path, List<FieldError> errors) {
        if (c.path("name").asText("").isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        }
        String type = c.path("type").asText("");
        if (type.isEmpty()) {
            errors.add(FieldError.required(path + ".type", ""));
        } else if (!COLUMN_TYPES.contains(type)) {
            errors.add(FieldError.notSupported(path + ".type", TextNode.valueOf(type), COLUMN_TYPES));
        }
        String format = c.path("format").asText("");
        if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
            errors.add(FieldError.notSupported(path + ".format", TextNode.valueOf(format), COLUMN_FORMATS));
        }
        if (c.path("priority").asInt(0) < 0) {
            errors.add(FieldError.invalid(path + ".priority", IntNode.valueOf(c.path("priority").asInt()),
                    "must be greater than or equal to 0"));
        }
        String jsonPath = c.path("jsonPath").asText("");
        if (jsonPath.isEmpty()) {
            errors.add(FieldError.required(path + ".jsonPath", ""));
        }
    }

    private static void scale(JsonNode scale, String path, List<FieldError> errors) {
        String spec = scale.path("specReplicasPath").asText("");
        if (spec.isEmpty()) {
            errors.add(FieldError.required(path + ".specReplicasPath", ""));
        } else if (!simplePath(spec, ".spec.")) {
            errors.add(FieldError.invalid(path + ".specReplicasPath", spec, "should be a json path under .spec"));
        }
        String status = scale.path("statusReplicasPath").asText("");
        if (status.isEmpty()) {
            errors.add(FieldError.required(path + ".statusReplicasPath", ""));
        } else if (!simplePath(status, ".status.")) {
            errors.add(FieldError.invalid(path + ".statusReplicasPath", status, "should be a json path under .status"));
        }
        String selector = scale.path("labelSelectorPath").asText("");
        if (!selector.isEmpty() && !simplePath(selector, ".spec.") && !simplePath(selector, ".status.")) {
            errors.add(FieldError.invalid(path + ".labelSelectorPath", selector,
                    "should be a json path under either .spec or .status"));
        }
    }

    /** A dotted path without array indexes under the given prefix, as the scale subresource requires. */
    private static boolean simplePath(String path, String prefix) {
        return path.startsWith(prefix) && path.length() > prefix.length() && !path.contains("[")
                && !path.contains("..") && !path.endsWith(".");
    }

    private static void approval(JsonNode crd, String group, List<FieldError> errors) {
        boolean protectedGroup = group.equals("k8s.io") || group.endsWith(".k8s.io") || group.equals("kubernetes.io")
                || group.endsWith(".kubernetes.io");
        if (protectedGroup && crd.path("metadata").path("annotations").path(APPROVAL_ANNOTATION).asText("").isEmpty()) {
            errors.add(FieldError.required("metadata.annotations[" + APPROVAL_ANNOTATION + "]",
                    "protected groups must have approval annotation \"" + APPROVAL_ANNOTATION
                            + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
        }
    }
}
