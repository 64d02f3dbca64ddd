package io.k3j.api.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import java.io.ByteArrayOutputStream;

/** Wraps a message the way client-go's protobuf serializer does: "k8s\0" + runtime.Unknown. */
final class Envelopes {

    private Envelopes() {
    }

    static byte[] wrap(String apiVersion, String kind, MessageLite object) {
        return wrap(apiVersion, kind, object.toByteString());
    }

    static byte[] wrap(String apiVersion, String kind, ByteString raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    static Meta.Time time(long seconds) {
        return Meta.Time.newBuilder().setSeconds(seconds).setNanos(0).build();
    }

    static Meta.ObjectMeta.Builder meta(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name);
    }
}
