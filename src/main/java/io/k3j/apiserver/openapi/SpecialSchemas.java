package io.k3j.apiserver.openapi;

import static io.k3j.apiserver.openapi.SchemaNames.APIEXTENSIONS;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schemas that upstream defines by hand (custom JSON marshalling in Go) and that fabric8 models with helper
 * classes whose Java fields say nothing about the wire form: Quantity, IntOrString, Time, RawExtension, …
 */
final class SpecialSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, ObjectNode> SCHEMAS = new LinkedHashMap<>();

    static {
        ObjectNode quantity = described("Quantity is a fixed-point representation of a number, e.g. \"100m\", \"1Gi\".");
        quantity.putArray("oneOf").add(type("string")).add(type("number"));
        SCHEMAS.put(SchemaNames.QUANTITY, quantity);

        ObjectNode intOrString = described("IntOrString is a type that can hold an int32 or a string.");
        intOrString.put("format", "int-or-string");
        intOrString.putArray("oneOf").add(type("integer")).add(type("string"));
        // Not in upstream's built-in documents; the structural-schema marker lets one validator serve CRDs too.
        intOrString.put("x-kubernetes-int-or-string", true);
        SCHEMAS.put(SchemaNames.INT_OR_STRING, intOrString);

        SCHEMAS.put(SchemaNames.TIME, described("Time is a wrapper around time.Time which supports correct marshaling "
                + "to YAML and JSON. Wrappers are provided for many of the factory methods that the time package "
                + "offers.").put("type", "string").put("format", "date-time"));
        SCHEMAS.put(SchemaNames.MICRO_TIME, described("MicroTime is version of Time with microsecond level precision.")
                .put("type", "string").put("format", "date-time"));
        SCHEMAS.put(SchemaNames.RAW_EXTENSION, described("RawExtension is used to hold extensions in external "
                + "versions.").put("type", "object"));
        SCHEMAS.put(SchemaNames.FIELDS_V1, described("FieldsV1 stores a set of fields in a data structure like a "
                + "Trie, in JSON format.").put("type", "object"));
        SCHEMAS.put(SchemaNames.PATCH, described("Patch is provided to give a concrete name and type to the "
                + "Kubernetes PATCH request body.").put("type", "object"));
        SCHEMAS.put(SchemaNames.META + "Duration", described("Duration is a wrapper around time.Duration which "
                + "supports correct marshaling to YAML and JSON.").put("type", "string"));
        // apiextensions' open-ended JSON values carry no type: any JSON is valid there.
        SCHEMAS.put(SchemaNames.JSON, described("JSON represents any valid JSON value."));
        SCHEMAS.put(APIEXTENSIONS + "JSONSchemaPropsOrArray", described("JSONSchemaPropsOrArray represents a value "
                + "that can either be a JSONSchemaProps or an array of JSONSchemaProps."));
        SCHEMAS.put(APIEXTENSIONS + "JSONSchemaPropsOrBool", described("JSONSchemaPropsOrBool represents "
                + "JSONSchemaProps or a boolean value."));
        SCHEMAS.put(APIEXTENSIONS + "JSONSchemaPropsOrStringArray", described("JSONSchemaPropsOrStringArray "
                + "represents a JSONSchemaProps or a string array."));
    }

    private SpecialSchemas() {
    }

    static boolean isSpecial(String schemaName) {
        return SCHEMAS.containsKey(schemaName);
    }

    static ObjectNode get(String schemaName) {
        return SCHEMAS.get(schemaName).deepCopy();
    }

    private static ObjectNode described(String description) {
        return JSON.objectNode().put("description", description);
    }

    private static ObjectNode type(String type) {
        return JSON.objectNode().put("type", type);
    }
}
