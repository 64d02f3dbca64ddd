package io.k3j.api.proto;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * The wrapper client-go puts around every protobuf body: the 4-byte magic {@code k8s\0}, then a
 * {@code runtime.Unknown} message {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose
 * {@code raw} holds the object's own message.
 */
record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding, String contentType) {

    static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    static boolean hasMagic(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Parses what follows the magic; the caller has checked {@link #hasMagic}. */
    static Envelope parse(byte[] body) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length);
        String apiVersion = "", kind = "", encoding = "", type = "";
        byte[] raw = new byte[0];
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                skip(in, tag);
                continue;
            }
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> {
                    int limit = in.pushLimit(WireReader.length(in));
                    for (int t = in.readTag(); t != 0; t = in.readTag()) {
                        switch (t) {
                            case 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> apiVersion = in.readString();
                            case 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED -> kind = in.readString();
                            default -> skip(in, t);
                        }
                    }
                    in.popLimit(limit);
                }
                case 2 -> raw = in.readByteArray();
                case 3 -> encoding = in.readString();
                case 4 -> type = in.readString();
                default -> skip(in, tag);
            }
        }
        return new Envelope(apiVersion, kind, raw, encoding, type);
    }

    private static void skip(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP || !in.skipField(tag)) {
            throw new MalformedProtobuf("unexpected end group");
        }
    }
}
