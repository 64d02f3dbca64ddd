package io.k3j.admission;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admission plugins k3j knows, in upstream's fixed order, and which are on by default: upstream's defaults
 * plus NodeRestriction, which K3s always enables. {@code --kube-apiserver-arg=enable-admission-plugins=...} and
 * {@code disable-admission-plugins=...} change the set; the order never changes.
 */
public final class AdmissionPlugins {

    /** Upstream's order (kube-apiserver's AllOrderedPlugins), limited to the plugins k3j implements or plans. */
    public static final List<String> ORDER = List.of(
            "NamespaceLifecycle",
            "LimitRanger",
            "ServiceAccount",
            "NodeRestriction",
            "TaintNodesByCondition",
            "PodSecurity",
            "Priority",
            "DefaultTolerationSeconds",
            "DefaultStorageClass",
            "StorageObjectInUseProtection",
            "RuntimeClass",
            "CertificateApproval",
            "CertificateSigning",
            "CertificateSubjectRestriction",
            "DefaultIngressClass",
            "MutatingAdmissionWebhook",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionWebhook",
            "ResourceQuota");

    public static final Set<String> DEFAULT_ENABLED = Set.copyOf(ORDER);

    private AdmissionPlugins() {
    }

    /**
     * The chain for the enabled set: the defaults plus the enabled, minus the disabled ones.
     *
     * @throws IllegalArgumentException for a plugin name k3j does not know
     */
    public static AdmissionChain chain(AdmissionEnv env, AdmissionSettings settings) {
        Set<String> enable = settings.enable();
        Set<String> disable = settings.disable();
        for (String n : union(enable, disable)) {
            if (!ORDER.contains(n)) {
                throw new IllegalArgumentException("unknown admission plugin: " + n);
            }
        }
        List<AdmissionPlugin> plugins = new ArrayList<>();
        for (String name : ORDER) {
            boolean on = (DEFAULT_ENABLED.contains(name) || enable.contains(name)) && !disable.contains(name);
            if (on) {
                create(name, env).ifPresent(plugins::add);
            }
        }
        return new AdmissionChain(plugins);
    }

    /** One plugin by name; empty for a name in {@link #ORDER} not implemented yet. */
    static Optional<AdmissionPlugin> create(String name, AdmissionEnv env) {
        return switch (name) {
            // Each plugin adds its line here.
            case "PodSecurity" -> Optional.of(new io.k3j.admission.podsecurity.PodSecurityPlugin(env));
            case "MutatingAdmissionWebhook" -> Optional.of(new io.k3j.admission.webhook.MutatingWebhookPlugin(env));
            case "ValidatingAdmissionPolicy" -> Optional.of(new io.k3j.admission.policy.ValidatingPolicyPlugin(env));
            case "ValidatingAdmissionWebhook" -> Optional.of(new io.k3j.admission.webhook.ValidatingWebhookPlugin(env));
            default -> Optional.empty();
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
