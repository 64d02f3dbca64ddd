package io.k3j.api.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.k3j.api.GroupVersionKind;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Flowcontrol;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Node;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which protobuf message a (group, version, kind) is encoded with. Upstream's generated.proto files put the
 * types of {@code <group>/<version>} in package {@code k8s.io.api.<first label of group>.<version>} (core in
 * {@code core}), with the message named after the kind; the exceptions are a short table. Only file
 * descriptors are touched: the generated message classes are never loaded.
 */
public final class ProtoSchemas {

    static final String META_PACKAGE = "k8s.io.apimachinery.pkg.apis.meta.v1";

    /** Kinds every group version registers (metav1.AddToGroupVersion); their message lives in meta/v1. */
    private static final Set<String> META_KINDS = Set.of("DeleteOptions", "Status", "WatchEvent", "CreateOptions",
            "UpdateOptions", "PatchOptions", "GetOptions", "ListOptions");

    /** Groups whose proto package does not follow the k8s.io.api.&lt;label&gt; rule. */
    private static final Map<String, String> PACKAGE_PREFIX = Map.of(
            "apiextensions.k8s.io", "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions",
            "apiregistration.k8s.io", "k8s.io.kube_aggregator.pkg.apis.apiregistration",
            "meta.k8s.io", "k8s.io.apimachinery.pkg.apis.meta",
            "internal.apiserver.k8s.io", "k8s.io.api.apiserverinternal");

    private static final Map<String, Descriptor> BY_NAME = index(List.of(
            V1.getDescriptor(), V1Admissionregistration.getDescriptor(), V1Apiextensions.getDescriptor(),
            V1Apps.getDescriptor(), V1Authentication.getDescriptor(), V1Authorization.getDescriptor(),
            V1Autoscaling.getDescriptor(), V2Autoscaling.getDescriptor(), V1Batch.getDescriptor(),
            V1Certificates.getDescriptor(), V1Coordination.getDescriptor(), V1Discovery.getDescriptor(),
            V1Events.getDescriptor(), V1Flowcontrol.getDescriptor(), V1Networking.getDescriptor(),
            V1Node.getDescriptor(), V1Policy.getDescriptor(), V1Rbac.getDescriptor(),
            V1Scheduling.getDescriptor(), V1Storage.getDescriptor(), Meta.getDescriptor(),
            Runtime.getDescriptor(), Resource.getDescriptor(), IntStr.getDescriptor()));

    private ProtoSchemas() {
    }

    /** The message a body of this kind is encoded with, empty when this server has no schema for it. */
    public static Optional<Descriptor> messageFor(GroupVersionKind gvk) {
        Descriptor d = BY_NAME.get(packageOf(gvk.group(), gvk.version()) + "." + gvk.kind());
        if (d == null && META_KINDS.contains(gvk.kind())) {
            d = BY_NAME.get(META_PACKAGE + "." + gvk.kind());
        }
        return Optional.ofNullable(d);
    }

    /** Whether bodies of this kind can be decoded; the lead's catalog test checks every built-in against it. */
    public static boolean supports(GroupVersionKind gvk) {
        return messageFor(gvk).isPresent();
    }

    /** DeleteOptions and the other option kinds every group version registers. */
    static boolean isMetaKind(String kind) {
        return META_KINDS.contains(kind);
    }

    static Descriptor message(String fullName) {
        Descriptor d = BY_NAME.get(fullName);
        if (d == null) {
            throw new IllegalStateException("no protobuf message " + fullName);
        }
        return d;
    }

    static String packageOf(String group, String version) {
        String prefix = PACKAGE_PREFIX.get(group);
        if (prefix == null) {
            int dot = group.indexOf('.');
            prefix = "k8s.io.api." + (group.isEmpty() ? "core" : dot < 0 ? group : group.substring(0, dot));
        }
        return prefix + "." + version;
    }

    private static Map<String, Descriptor> index(List<FileDescriptor> files) {
        Map<String, Descriptor> all = new HashMap<>();
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                all.put(d.getFullName(), d);
            }
        }
        return Map.copyOf(all);
    }
}
