package io.k3j.api.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.k3j.api.proto.MessagePlan.FieldPlan;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Reads protobuf wire bytes straight into Jackson nodes, guided by a {@link MessagePlan}: no generated message
 * objects are built. Follows gogo's Unmarshal where JSON can tell: unknown fields are skipped (upstream drops
 * them too), a repeated non-repeated field is last-wins for scalars and merged for messages, and both packed and
 * unpacked repeated scalars are accepted.
 */
final class WireReader {

    /** gogo has no depth limit, but Go's stack grows; ours does not, so cap nesting like protobuf-java does. */
    static final int MAX_DEPTH = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireReader() {
    }

    static ObjectNode readObject(byte[] bytes, MessagePlan plan) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        ObjectNode out = NODES.objectNode();
        readFields(in, plan, out, 0);
        plan.fillNulls(out);
        return out;
    }

    static void readFields(CodedInputStream in, MessagePlan plan, ObjectNode out, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedProtobuf("exceeded maximum nesting depth " + MAX_DEPTH);
        }
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            int wireType = WireFormat.getTagWireType(tag);
            FieldPlan f = plan.field(WireFormat.getTagFieldNumber(tag));
            if (f == null) {
                skipUnknown(in, tag);
            } else if (f.map()) {
                expectWireType(f, wireType, WireFormat.WIRETYPE_LENGTH_DELIMITED, plan);
                readMapEntry(in, f, objectField(out, f.jsonName()), depth);
            } else if (f.repeated()) {
                ArrayNode array = arrayField(out, f.jsonName());
                if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && f.packable()) {
                    int limit = in.pushLimit(length(in));
                    while (!in.isAtEnd()) {
                        array.add(readValue(in, f, depth));
                    }
                    in.popLimit(limit);
                } else {
                    expectWireType(f, wireType, f.wireType(), plan);
                    array.add(readValue(in, f, depth));
                }
            } else {
                expectWireType(f, wireType, f.wireType(), plan);
                if (f.inline()) {
                    readNested(in, f.message(), out, depth);
                    continue;
                }
                JsonNode existing = out.get(f.jsonName());
                if (f.message() != null && f.message().special == MessagePlan.Special.NONE
                        && existing instanceof ObjectNode target) {
                    // A second occurrence of a message field merges into the first, as protobuf and gogo do.
                    readNested(in, f.message(), target, depth);
                    continue;
                }
                JsonNode value = readValue(in, f, depth);
                if (value == null) {
                    out.remove(f.jsonName());
                } else {
                    out.set(f.jsonName(), value);
                }
            }
        }
    }

    /** One value; null when it is a zero scalar that upstream's JSON omits. */
    private static JsonNode readValue(CodedInputStream in, FieldPlan f, int depth) throws IOException {
        boolean keep = f.keepZero();
        return switch (f.type()) {
            case STRING -> {
                String s = in.readString();
                yield s.isEmpty() && !keep ? null : NODES.textNode(s);
            }
            case BYTES -> {
                byte[] b = in.readByteArray();
                // encoding/json writes []byte as standard base64 with padding.
                yield b.length == 0 && !keep ? null : NODES.textNode(Base64.getEncoder().encodeToString(b));
            }
            case BOOL -> {
                boolean b = in.readBool();
                yield !b && !keep ? null : NODES.booleanNode(b);
            }
            case INT32 -> intNode(in.readInt32(), keep);
            case SINT32 -> intNode(in.readSInt32(), keep);
            case SFIXED32 -> intNode(in.readSFixed32(), keep);
            case ENUM -> intNode(in.readEnum(), keep);
            case UINT32 -> longNode(Integer.toUnsignedLong(in.readUInt32()), keep);
            case FIXED32 -> longNode(Integer.toUnsignedLong(in.readFixed32()), keep);
            case INT64 -> longNode(in.readInt64(), keep);
            case SINT64 -> longNode(in.readSInt64(), keep);
            case SFIXED64 -> longNode(in.readSFixed64(), keep);
            case UINT64 -> unsignedNode(in.readUInt64(), keep);
            case FIXED64 -> unsignedNode(in.readFixed64(), keep);
            case DOUBLE -> doubleNode(in.readDouble(), keep);
            case FLOAT -> doubleNode(in.readFloat(), keep);
            case MESSAGE -> readMessage(in, f.message(), depth);
            case GROUP -> throw new MalformedProtobuf("groups are not used by Kubernetes");
        };
    }

    private static JsonNode readMessage(CodedInputStream in, MessagePlan plan, int depth) throws IOException {
        if (plan.special != MessagePlan.Special.NONE) {
            int limit = in.pushLimit(length(in));
            JsonNode value = SpecialTypes.read(in, plan, depth + 1);
            in.popLimit(limit);
            return value;
        }
        ObjectNode node = NODES.objectNode();
        readNested(in, plan, node, depth);
        return node;
    }

    private static void readNested(CodedInputStream in, MessagePlan plan, ObjectNode into, int depth)
            throws IOException {
        int limit = in.pushLimit(length(in));
        readFields(in, plan, into, depth + 1);
        in.popLimit(limit);
        plan.fillNulls(into);
    }

    private static void readMapEntry(CodedInputStream in, FieldPlan f, ObjectNode map, int depth)
            throws IOException {
        int limit = in.pushLimit(length(in));
        String key = "";
        JsonNode value = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            if (number == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                key = in.readString();
            } else if (number == 2) {
                expectWireType(f.mapValue(), WireFormat.getTagWireType(tag), f.mapValue().wireType(), null);
                value = readValue(in, f.mapValue(), depth + 1);
            } else {
                skipUnknown(in, tag);
            }
        }
        in.popLimit(limit);
        // A missing value is Go's zero value of the map's value type, which gogo stores as such.
        map.set(key, value != null ? value : zero(f.mapValue(), depth));
    }

    private static JsonNode zero(FieldPlan value, int depth) throws IOException {
        if (value.message() == null) {
            return readValue(CodedInputStream.newInstance(zeroBytes(value)), value, depth);
        }
        CodedInputStream empty = CodedInputStream.newInstance(new byte[] {0});
        return readMessage(empty, value.message(), depth);
    }

    private static byte[] zeroBytes(FieldPlan value) {
        return switch (value.wireType()) {
            case WireFormat.WIRETYPE_FIXED64 -> new byte[8];
            case WireFormat.WIRETYPE_FIXED32 -> new byte[4];
            default -> new byte[] {0}; // a zero varint, or an empty length-delimited value
        };
    }

    static int length(CodedInputStream in) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw new MalformedProtobuf("negative length found during unmarshaling");
        }
        return length;
    }

    private static void skipUnknown(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP || !in.skipField(tag)) {
            throw new MalformedProtobuf("unexpected end group");
        }
    }

    private static void expectWireType(FieldPlan f, int actual, int expected, MessagePlan owner)
            throws MalformedProtobuf {
        if (actual != expected) {
            String where = owner == null ? f.jsonName() : owner.descriptor.getName() + "." + f.jsonName();
            throw new MalformedProtobuf("wrong wireType = " + actual + " for field " + where);
        }
    }

    private static JsonNode intNode(int v, boolean keep) {
        return v == 0 && !keep ? null : NODES.numberNode(v);
    }

    /**
     * The node Jackson would give for the same number in a JSON body (int when it fits), so decoded protobuf and
     * parsed JSON compare equal.
     */
    private static JsonNode longNode(long v, boolean keep) {
        if (v == 0 && !keep) {
            return null;
        }
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static JsonNode unsignedNode(long v, boolean keep) {
        if (v >= 0) {
            return longNode(v, keep);
        }
        return NODES.numberNode(new BigInteger(Long.toUnsignedString(v)));
    }

    private static JsonNode doubleNode(double v, boolean keep) throws MalformedProtobuf {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            // encoding/json refuses these; the JSON path could never have carried them.
            throw new MalformedProtobuf("json: unsupported value: " + v);
        }
        if (v == 0 && !keep) {
            return null;
        }
        // encoding/json writes integral floats without a fraction ("5", not "5.0").
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return longNode((long) v, true);
        }
        return NODES.numberNode(v);
    }

    private static ObjectNode objectField(ObjectNode out, String name) {
        return out.get(name) instanceof ObjectNode existing ? existing : out.putObject(name);
    }

    private static ArrayNode arrayField(ObjectNode out, String name) {
        return out.get(name) instanceof ArrayNode existing ? existing : out.putArray(name);
    }
}
