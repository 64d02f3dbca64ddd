package io.k3j.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.k3j.api.proto.MessagePlan.FieldPlan;
import io.k3j.api.proto.MessagePlan.Special;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds the {@link MessagePlan} of a message and of everything reachable from it, once per message type. */
final class Plans {

    private static final String META = ProtoSchemas.META_PACKAGE + ".";
    private static final String EXT = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";

    private static final Map<String, Special> SPECIAL = Map.ofEntries(
            Map.entry(META + "Time", Special.TIME),
            Map.entry(META + "MicroTime", Special.MICRO_TIME),
            Map.entry(META + "Duration", Special.DURATION),
            Map.entry(META + "FieldsV1", Special.RAW_JSON),
            Map.entry(META + "Verbs", Special.STRING_LIST),
            Map.entry("k8s.io.apimachinery.pkg.api.resource.Quantity", Special.QUANTITY),
            Map.entry("k8s.io.apimachinery.pkg.util.intstr.IntOrString", Special.INT_OR_STRING),
            Map.entry("k8s.io.apimachinery.pkg.runtime.RawExtension", Special.RAW_JSON),
            Map.entry("k8s.io.api.authentication.v1.ExtraValue", Special.STRING_LIST),
            Map.entry("k8s.io.api.authorization.v1.ExtraValue", Special.STRING_LIST),
            Map.entry("k8s.io.api.certificates.v1.ExtraValue", Special.STRING_LIST),
            Map.entry(EXT + "JSON", Special.RAW_JSON),
            Map.entry(EXT + "JSONSchemaPropsOrBool", Special.SCHEMA_OR_BOOL),
            Map.entry(EXT + "JSONSchemaPropsOrArray", Special.SCHEMA_OR_ARRAY),
            Map.entry(EXT + "JSONSchemaPropsOrStringArray", Special.SCHEMA_OR_STRING_ARRAY));

    /** Plans being built; guarded by the class lock. */
    private static final Map<Descriptor, MessagePlan> PLANS = new IdentityHashMap<>();
    /** Fully linked plans, read without locking from every event loop. */
    private static final Map<Descriptor, MessagePlan> READY = new ConcurrentHashMap<>();

    private Plans() {
    }

    static MessagePlan of(Descriptor d) {
        MessagePlan ready = READY.get(d);
        return ready != null ? ready : build(d);
    }

    private static synchronized MessagePlan build(Descriptor d) {
        MessagePlan existing = PLANS.get(d);
        if (existing != null) {
            return existing;
        }
        List<MessagePlan> pending = new ArrayList<>();
        MessagePlan plan = create(d, pending);
        // Link after creating, so recursive types (JSONSchemaProps) point at one shared plan.
        for (int i = 0; i < pending.size(); i++) {
            MessagePlan p = pending.get(i);
            List<FieldPlan> fields = new ArrayList<>();
            for (FieldDescriptor f : p.descriptor.getFields()) {
                if (!JsonNames.notIn133(p.descriptor, f)) { // left out of the plan: skipped like unknown fields
                    fields.add(field(p.descriptor, f, pending));
                }
            }
            p.link(fields);
        }
        // Published only once every plan reachable from d is linked.
        pending.forEach(p -> READY.put(p.descriptor, p));
        return plan;
    }

    private static MessagePlan create(Descriptor d, List<MessagePlan> pending) {
        MessagePlan plan = PLANS.get(d);
        if (plan == null) {
            plan = new MessagePlan(d, SPECIAL.getOrDefault(d.getFullName(), Special.NONE));
            PLANS.put(d, plan);
            pending.add(plan);
        }
        return plan;
    }

    private static FieldPlan field(Descriptor owner, FieldDescriptor f, List<MessagePlan> pending) {
        boolean keep = ZeroFields.keep(owner.getFullName(), f.getName());
        if (f.isMapField()) {
            FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
            FieldPlan valuePlan = new FieldPlan(2, "", value.getType(), value.getLiteType().getWireType(), false,
                    false, true, false, messagePlan(value, pending), null);
            return new FieldPlan(f.getNumber(), JsonNames.of(owner, f), f.getType(), 2, true, true, keep, false,
                    null, valuePlan);
        }
        return new FieldPlan(f.getNumber(), JsonNames.of(owner, f), f.getType(), f.getLiteType().getWireType(),
                f.isRepeated(), false, keep || f.isRepeated(), JsonNames.inline(owner, f), messagePlan(f, pending),
                null);
    }

    private static MessagePlan messagePlan(FieldDescriptor f, List<MessagePlan> pending) {
        return f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? create(f.getMessageType(), pending) : null;
    }
}
