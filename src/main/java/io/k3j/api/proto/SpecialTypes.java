package io.k3j.api.proto;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Messages whose JSON form is not an object of their fields: each mirrors the type's Go MarshalJSON. Called with
 * the stream limited to the message's bytes; unknown fields inside are skipped.
 */
final class SpecialTypes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    /** Go's zero time.Time (0001-01-01T00:00:00Z), which metav1.Time marshals as null. */
    private static final long GO_ZERO_SECONDS = -62135596800L;
    /**
     * Raw JSON must be one value: trailing bytes would make the embedding invalid. Duplicate keys are left to the
     * server's strict-field validation, as they are for a JSON body.
     */
    private static final ObjectReader JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private SpecialTypes() {
    }

    static JsonNode read(CodedInputStream in, MessagePlan plan, int depth) throws IOException {
        return switch (plan.special) {
            case TIME, MICRO_TIME -> time(in, plan.special == MessagePlan.Special.MICRO_TIME);
            case DURATION -> NODES.textNode(GoDuration.format(varintField(in, 1)));
            case QUANTITY -> quantity(in);
            case INT_OR_STRING -> intOrString(in);
            case RAW_JSON -> rawJson(in);
            case STRING_LIST -> stringList(in);
            case SCHEMA_OR_BOOL, SCHEMA_OR_ARRAY, SCHEMA_OR_STRING_ARRAY -> schemaUnion(in, plan, depth);
            case NONE -> throw new IllegalStateException("not special: " + plan.descriptor.getFullName());
        };
    }

    /** metav1.Time/MicroTime: an empty message is Go's zero time, which JSON shows as null. */
    private static JsonNode time(CodedInputStream in, boolean micro) throws IOException {
        if (in.isAtEnd()) {
            return NODES.nullNode();
        }
        long seconds = 0;
        int nanos = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 -> seconds = in.readInt64();
                case 2 << 3 -> nanos = in.readInt32();
                default -> skip(in, tag);
            }
        }
        if (seconds == GO_ZERO_SECONDS && nanos == 0) {
            return NODES.nullNode();
        }
        try {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), ZoneOffset.UTC);
            if (t.getYear() < 0 || t.getYear() > 9999) {
                throw new MalformedProtobuf("Time.MarshalJSON: year outside of range [0,9999]");
            }
            // Time is RFC 3339 in whole seconds (Go's Format truncates); MicroTime keeps six digits.
            return NODES.textNode((micro ? RFC3339_MICRO : RFC3339).format(t));
        } catch (DateTimeException | ArithmeticException e) {
            throw new MalformedProtobuf("Time.MarshalJSON: year outside of range [0,9999]");
        }
    }

    /** resource.Quantity travels as its canonical string; an empty message is the zero quantity "0". */
    private static JsonNode quantity(CodedInputStream in) throws IOException {
        String s = "0";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                s = in.readString();
            } else {
                skip(in, tag);
            }
        }
        return NODES.textNode(s);
    }

    /** intstr.IntOrString: type 1 is a string, anything else the int32. */
    private static JsonNode intOrString(CodedInputStream in) throws IOException {
        long type = 0;
        int intVal = 0;
        String strVal = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 1 << 3 -> type = in.readInt64();
                case 2 << 3 -> intVal = in.readInt32();
                case 3 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> strVal = in.readString();
                default -> skip(in, tag);
            }
        }
        return type == 1 ? NODES.textNode(strVal) : NODES.numberNode(intVal);
    }

    /** RawExtension, FieldsV1 and apiextensions JSON hold JSON bytes, embedded as they are. */
    private static JsonNode rawJson(CodedInputStream in) throws IOException {
        byte[] raw = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                raw = in.readByteArray();
            } else {
                skip(in, tag);
            }
        }
        if (raw == null || raw.length == 0) {
            return NODES.nullNode();
        }
        try {
            JsonNode node = JSON.readTree(raw);
            return node == null || node.isMissingNode() ? NODES.nullNode() : node;
        } catch (IOException e) {
            throw new MalformedProtobuf("embedded raw bytes are not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /**
     * Named slices (ExtraValue, Verbs) are messages with one repeated field but JSON arrays; with no items gogo
     * leaves the slice nil, which JSON writes as null.
     */
    private static JsonNode stringList(CodedInputStream in) throws IOException {
        ArrayNode items = NODES.arrayNode();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == (1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                items.add(in.readString());
            } else {
                skip(in, tag);
            }
        }
        return items.isEmpty() ? NODES.nullNode() : items;
    }

    /** JSONSchemaPropsOrBool/OrArray/OrStringArray: the schema when set, else the bool or the list. */
    private static JsonNode schemaUnion(CodedInputStream in, MessagePlan plan, int depth) throws IOException {
        ObjectNode fields = NODES.objectNode();
        WireReader.readFields(in, plan, fields, depth);
        JsonNode schema = fields.get("schema");
        return switch (plan.special) {
            case SCHEMA_OR_BOOL -> schema != null ? schema : NODES.booleanNode(fields.path("allows").asBoolean());
            case SCHEMA_OR_ARRAY -> nonEmpty(fields.get("jSONSchemas"), schema);
            default -> nonEmpty(fields.get("property"), schema);
        };
    }

    private static JsonNode nonEmpty(JsonNode list, JsonNode schema) {
        if (list != null && !list.isEmpty()) {
            return list;
        }
        return schema != null ? schema : NODES.nullNode();
    }

    private static long varintField(CodedInputStream in, int number) throws IOException {
        long value = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == number << 3) {
                value = in.readInt64();
            } else {
                skip(in, tag);
            }
        }
        return value;
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP || !in.skipField(tag)) {
            throw new MalformedProtobuf("unexpected end group");
        }
    }
}
