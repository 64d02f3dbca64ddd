package io.k3j.api.proto;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.k3j.api.proto.MessagePlan.FieldPlan;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds the JSON of a message with every scalar field set to its zero value ("", 0, false) and every nested
 * message and list present once. Fed to kubectl, Go keeps a set pointer and drops a zero non-pointer, so
 * comparing what comes back over protobuf with kubectl's own JSON tests {@link ZeroFields} field by field.
 */
final class ZeroObjects {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ZeroObjects() {
    }

    static ObjectNode of(Descriptor d) {
        ObjectNode out = NODES.objectNode();
        fill(Plans.of(d), out, new HashSet<>());
        return out;
    }

    private static void fill(MessagePlan plan, ObjectNode out, Set<String> path) {
        if (!path.add(plan.descriptor.getFullName())) {
            return; // recursive types: one level is enough
        }
        for (FieldDescriptor fd : plan.descriptor.getFields()) {
            FieldPlan f = plan.field(fd.getNumber());
            if (f == null || f.map()) { // dropped (newer than 1.33) or a map
                continue;
            }
            if (f.message() != null) {
                if (f.message().special != MessagePlan.Special.NONE) {
                    continue;
                }
                ObjectNode nested = NODES.objectNode();
                fill(f.message(), nested, path);
                if (f.inline()) {
                    out.setAll(nested);
                } else if (f.repeated()) {
                    out.putArray(f.jsonName()).add(nested);
                } else {
                    out.set(f.jsonName(), nested);
                }
            } else if (!f.repeated()) {
                switch (fd.getJavaType()) {
                    case STRING, BYTE_STRING -> out.put(f.jsonName(), "");
                    case BOOLEAN -> out.put(f.jsonName(), false);
                    case INT, LONG -> out.put(f.jsonName(), 0);
                    case FLOAT, DOUBLE -> out.put(f.jsonName(), 0.0);
                    default -> {
                    }
                }
            }
        }
        path.remove(plan.descriptor.getFullName());
    }

    static ArrayNode list(ObjectNode item) {
        return NODES.arrayNode().add(item);
    }
}
