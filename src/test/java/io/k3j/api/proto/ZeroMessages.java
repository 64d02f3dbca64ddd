package io.k3j.api.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.HashSet;
import java.util.Set;

/**
 * A message with every field present at its zero value, as gogo writes non-pointer fields and as a set pointer
 * to zero looks. Go decodes it into pointers-to-zero and zero values; its JSON then shows exactly the fields
 * {@link ZeroFields} must keep. Values Go cannot take at zero (empty Quantity, empty raw JSON) get the smallest
 * valid value instead.
 */
final class ZeroMessages {

    private ZeroMessages() {
    }

    static DynamicMessage of(Descriptor d) {
        return build(d, new HashSet<>());
    }

    private static DynamicMessage build(Descriptor d, Set<String> path) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
        switch (d.getFullName()) {
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return b.setField(d.findFieldByName("string"), "0").build();
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension",
                 "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON" -> {
                return b.setField(d.findFieldByNumber(1), ByteString.copyFromUtf8("{}")).build();
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" -> {
                return b.setField(d.findFieldByNumber(1), ByteString.copyFromUtf8("{}")).build();
            }
            default -> {
            }
        }
        if (!path.add(d.getFullName())) {
            return b.build(); // recursive types: stop at one level
        }
        for (FieldDescriptor f : d.getFields()) {
            if (f.getName().equals("managedFields")) {
                continue; // kubectl hides them in -o json output; RoundTripTest covers them
            }
            Object value = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    ? build(f.getMessageType(), path) : zero(f);
            if (f.isMapField()) {
                DynamicMessage entry = (DynamicMessage) value;
                b.addRepeatedField(f, entry.toBuilder().setField(f.getMessageType().findFieldByNumber(1), "k").build());
            } else if (f.isRepeated()) {
                b.addRepeatedField(f, value);
            } else {
                b.setField(f, value);
            }
        }
        path.remove(d.getFullName());
        return b.build();
    }

    private static Object zero(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case STRING -> "";
            case BYTE_STRING -> ByteString.EMPTY;
            case BOOLEAN -> false;
            case INT -> 0;
            case LONG -> 0L;
            case FLOAT -> 0f;
            case DOUBLE -> 0d;
            default -> throw new IllegalArgumentException(f.getFullName());
        };
    }
}
