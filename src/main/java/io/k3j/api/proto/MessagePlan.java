package io.k3j.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashMap;
import java.util.Map;

/**
 * One message type prepared for decoding: its fields by number, each with the JSON name it has in upstream's
 * JSON, whether a zero value is kept, and the plan of its message type. Built once for every message and
 * shared: immutable after {@link Plans} has linked it.
 */
final class MessagePlan {

    /** Messages whose JSON is not an object of their fields. */
    enum Special {
        NONE, TIME, MICRO_TIME, DURATION, QUANTITY, INT_OR_STRING, RAW_JSON, STRING_LIST,
        SCHEMA_OR_BOOL, SCHEMA_OR_ARRAY, SCHEMA_OR_STRING_ARRAY
    }

    final Descriptor descriptor;
    final Special special;
    private FieldPlan[] byNumber = new FieldPlan[0];
    /** Lists and maps without omitempty: JSON shows {@code null} when the wire has no element. */
    private String[] nullWhenAbsent = new String[0];
    private Map<Integer, FieldPlan> sparse = Map.of();

    MessagePlan(Descriptor descriptor, Special special) {
        this.descriptor = descriptor;
        this.special = special;
    }

    FieldPlan field(int number) {
        if (number < byNumber.length) {
            return byNumber[number];
        }
        return sparse.get(number);
    }

    /** Adds the {@code null}s Go's JSON writes for absent lists and maps that have no omitempty. */
    void fillNulls(com.fasterxml.jackson.databind.node.ObjectNode out) {
        for (String name : nullWhenAbsent) {
            if (!out.has(name)) {
                out.putNull(name);
            }
        }
    }

    void link(java.util.List<FieldPlan> fields) {
        nullWhenAbsent = fields.stream().filter(f -> f.keepZero() && (f.map() || f.repeated()) && !f.inline()
                && ZeroFields.keep(descriptor.getFullName(), descriptor.findFieldByNumber(f.number()).getName()))
                .map(FieldPlan::jsonName).toArray(String[]::new);
        // Field numbers are dense and small in k8s protos; an array keeps the hot lookup allocation-free.
        int max = 0;
        for (FieldPlan f : fields) {
            max = Math.max(max, f.number);
        }
        if (max < 512) {
            byNumber = new FieldPlan[max + 1];
            for (FieldPlan f : fields) {
                byNumber[f.number] = f;
            }
        } else {
            Map<Integer, FieldPlan> m = new HashMap<>();
            fields.forEach(f -> m.put(f.number, f));
            sparse = Map.copyOf(m);
        }
    }

    /**
     * One field. {@code keepZero} is true where upstream's JSON shows a zero value: Go pointer fields (a set
     * {@code replicas: 0} differs from an unset one) and fields without {@code omitempty}. Everywhere else a zero
     * scalar on the wire is what gogo writes for every non-pointer field, and JSON omits it.
     */
    record FieldPlan(int number, String jsonName, FieldDescriptor.Type type, int wireType, boolean repeated,
                     boolean map, boolean keepZero, boolean inline, MessagePlan message, FieldPlan mapValue) {

        boolean packable() {
            return repeated && !map && type != FieldDescriptor.Type.STRING && type != FieldDescriptor.Type.BYTES
                    && type != FieldDescriptor.Type.MESSAGE && type != FieldDescriptor.Type.GROUP;
        }
    }
}
