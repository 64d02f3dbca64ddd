package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.api.schema.FieldError;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Pod Security admission, as kube-apiserver's built-in PodSecurity plugin: each namespace's
 * {@code pod-security.kubernetes.io/<mode>[-version]} labels (or the configured cluster defaults) choose a level
 * for each mode. {@code enforce} refuses pods that violate it (403), {@code warn} sends {@code Warning} headers,
 * {@code audit} annotates the audit event. Workloads with pod templates get warnings and audit annotations only,
 * so a bad Deployment is flagged when it is applied, not when its ReplicaSet silently fails to create pods.
 * Namespace label changes are validated, and a stricter enforce level warns about the pods already running.
 */
public final class PodSecurityPlugin implements ValidatingPlugin {

    public static final String NAME = "PodSecurity";

    /** Audit annotation keys: upstream's plugin prefixes its own keys with the label prefix. */
    public static final String EXEMPT = PolicyLabels.PREFIX + "exempt";
    public static final String ENFORCE_POLICY = PolicyLabels.PREFIX + "enforce-policy";
    public static final String AUDIT_VIOLATIONS = PolicyLabels.PREFIX + "audit-violations";
    public static final String ERROR = PolicyLabels.PREFIX + "error";

    /** Pod subresources that cannot change what the policy reads; any other is a Pod and is evaluated. */
    private static final Set<String> IGNORED_POD_SUBRESOURCES =
            Set.of("exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status");

    private final AdmissionLookup lookup;
    private final PodSecurityConfig config;
    private final Evaluator evaluator;
    private final NamespacePods namespacePods;

    /** @throws IllegalArgumentException when the configuration is invalid (the server must not start) */
    public PodSecurityPlugin(AdmissionEnv env) {
        this(env.lookup(), PodSecurityConfig.parse(env.config(NAME).orElse(null)), Evaluator.DEFAULT, System::nanoTime);
    }

    public PodSecurityPlugin(AdmissionLookup lookup, PodSecurityConfig config, Evaluator evaluator,
                             LongSupplier nanoTime) {
        this.lookup = lookup;
        this.config = config;
        this.evaluator = evaluator;
        this.namespacePods = new NamespacePods(evaluator, config, nanoTime);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(AdmissionRequest r) {
        if (r.operation() != Operation.CREATE && r.operation() != Operation.UPDATE) {
            return false;
        }
        return isNamespaces(r) || PodTemplates.carriesPod(r.group(), r.resource());
    }

    @Override
    public Future<Void> validate(AdmissionRequest r) {
        if (isNamespaces(r)) {
            return validateNamespace(r);
        }
        if (r.group().isEmpty() && r.resource().equals("pods")) {
            return validatePod(r);
        }
        return validateWorkload(r);
    }

    private static boolean isNamespaces(AdmissionRequest r) {
        return r.group().isEmpty() && r.resource().equals("namespaces");
    }

    // --- pods -------------------------------------------------------------------------------------------------

    private Future<Void> validatePod(AdmissionRequest r) {
        if (IGNORED_POD_SUBRESOURCES.contains(r.subresource()) || r.object() == null) {
            return Future.succeededFuture();
        }
        if (exempt(r)) {
            return Future.succeededFuture();
        }
        return namespacePolicy(r.namespace()).transform(ar -> {
            if (ar.failed() || ar.result() == null) {
                String why = "failed to lookup namespace " + Texts.goQuote(r.namespace());
                String message = "Internal error occurred: " + why;
                r.annotate(ERROR, ar.failed() ? message + ": " + ar.cause().getMessage() : message);
                return Future.failedFuture(new AdmissionDenied(500, "InternalError", message, List.of()));
            }
            PolicyLabels.Resolved ns = ar.result();
            if (ns.errors().isEmpty() && ns.policy().allPrivileged()) {
                r.annotate(ENFORCE_POLICY, LevelVersion.PRIVILEGED_LATEST.toString());
                return Future.succeededFuture();
            }
            if (r.operation() == Operation.UPDATE && r.oldObject() != null
                    && !PodUpdates.significant(r.object(), r.oldObject())) {
                return Future.succeededFuture();
            }
            PodTemplates.PodParts pod = PodTemplates.extract("", "pods", r.object()).orElseThrow();
            return evaluate(r, ns, pod, true);
        });
    }

    // --- workloads with pod templates -------------------------------------------------------------------------

    /** Never refuses: a workload is only warned about and audited; its pods meet enforcement when created. */
    private Future<Void> validateWorkload(AdmissionRequest r) {
        if (!r.subresource().isEmpty() || r.object() == null || exempt(r)) {
            return Future.succeededFuture();
        }
        return namespacePolicy(r.namespace()).transform(ar -> {
            if (ar.failed() || ar.result() == null) {
                r.annotate(ERROR, "failed to lookup namespace " + Texts.goQuote(r.namespace()) + ": "
                        + (ar.failed() ? ar.cause().getMessage() : "namespaces \"" + r.namespace() + "\" not found"));
                return Future.succeededFuture();
            }
            PolicyLabels.Resolved ns = ar.result();
            Policy p = ns.policy();
            if (ns.errors().isEmpty() && p.warn().level() == Level.PRIVILEGED && p.audit().level() == Level.PRIVILEGED) {
                return Future.succeededFuture();
            }
            return PodTemplates.extract(r.group(), r.resource(), r.object())
                    .map(pod -> evaluate(r, ns, pod, false))
                    .orElseGet(Future::succeededFuture);
        });
    }

    // --- the evaluation shared by both ------------------------------------------------------------------------

    private Future<Void> evaluate(AdmissionRequest r, PolicyLabels.Resolved ns, PodTemplates.PodParts pod,
                                  boolean enforce) {
        if (config.exemptRuntimeClass(PodFields.text(pod.spec(), "runtimeClassName"))) {
            r.annotate(EXEMPT, "runtimeClass");
            return Future.succeededFuture();
        }
        if (!ns.errors().isEmpty()) {
            r.annotate(ERROR, "Failed to parse policy: " + FieldError.aggregate(ns.errors()));
        }
        Policy p = ns.policy();
        AggregateResult enforced = null;
        AdmissionDenied denied = null;
        if (enforce) {
            r.annotate(ENFORCE_POLICY, p.enforce().toString());
            enforced = evaluator.aggregate(p.enforce(), pod.metadata(), pod.spec());
            if (!enforced.allowed()) {
                denied = AdmissionDenied.forbidden(r, "violates PodSecurity " + Texts.goQuote(p.enforce().toString())
                        + ": " + enforced.forbiddenDetail());
            }
        }
        // Reuse an evaluation when two modes ask for the same level and version, as upstream caches them.
        AggregateResult audit = enforce && p.audit().equals(p.enforce()) ? enforced
                : evaluator.aggregate(p.audit(), pod.metadata(), pod.spec());
        if (!audit.allowed()) {
            r.annotate(AUDIT_VIOLATIONS, wouldViolate(p.audit(), audit));
        }
        if (denied != null) {
            return Future.failedFuture(denied); // no warnings on a request that is refused anyway
        }
        AggregateResult warn = p.warn().equals(p.audit()) ? audit
                : enforce && p.warn().equals(p.enforce()) ? enforced
                : evaluator.aggregate(p.warn(), pod.metadata(), pod.spec());
        if (!warn.allowed()) {
            r.warn(wouldViolate(p.warn(), warn));
        }
        return Future.succeededFuture();
    }

    private static String wouldViolate(LevelVersion lv, AggregateResult result) {
        return "would violate PodSecurity " + Texts.goQuote(lv.toString()) + ": " + result.forbiddenDetail();
    }

    // --- namespaces -------------------------------------------------------------------------------------------

    private Future<Void> validateNamespace(AdmissionRequest r) {
        if (!r.subresource().isEmpty() || r.object() == null) {
            return Future.succeededFuture();
        }
        PolicyLabels.Resolved now = resolve(r.object());
        String namespace = r.namespace().isEmpty() ? r.name() : r.namespace();
        if (r.operation() == Operation.CREATE) {
            if (!now.errors().isEmpty()) {
                return Future.failedFuture(AdmissionDenied.invalid(r, now.errors()));
            }
            if (config.exemptNamespace(namespace)) {
                exemptNamespaceWarning(r, namespace, now.policy());
            }
            return Future.succeededFuture();
        }
        PolicyLabels.Resolved before = r.oldObject() == null
                ? new PolicyLabels.Resolved(config.defaults(), List.of()) : resolve(r.oldObject());
        // Bad labels already stored do not block unrelated updates; new or changed bad labels are refused.
        if (!now.errors().isEmpty() && (before.errors().isEmpty() || !now.errors().equals(before.errors()))) {
            return Future.failedFuture(AdmissionDenied.invalid(r, now.errors()));
        }
        LevelVersion newEnforce = now.policy().enforce();
        LevelVersion oldEnforce = before.policy().enforce();
        if (newEnforce.equals(oldEnforce) || newEnforce.level() == Level.PRIVILEGED
                || (newEnforce.version().equals(oldEnforce.version())
                && newEnforce.level().compareTo(oldEnforce.level()) <= 0)) {
            return Future.succeededFuture();
        }
        if (config.exemptNamespace(namespace)) {
            exemptNamespaceWarning(r, namespace, now.policy());
            return Future.succeededFuture();
        }
        String name = r.object().path("metadata").path("name").asText(namespace);
        return lookup.list("", "pods", name).transform(ar -> {
            List<String> warnings = ar.succeeded()
                    ? namespacePods.warnings(name, newEnforce, ar.result())
                    : List.of("failed to list pods while checking new PodSecurity enforce level");
            warnings.forEach(r::warn);
            return Future.succeededFuture();
        });
    }

    /**
     * Labels asking for more than privileged on an exempt namespace do nothing; upstream says so rather than let
     * someone believe the namespace is protected. Only modes set by a label are named.
     */
    private void exemptNamespaceWarning(AdmissionRequest r, String namespace, Policy p) {
        if (p.allPrivileged() || p.equivalent(config.defaults())) {
            return;
        }
        JsonNode labels = r.object().path("metadata").path("labels");
        List<String> modes = new java.util.ArrayList<>();
        addMode(modes, labels, "enforce", PolicyLabels.ENFORCE, PolicyLabels.ENFORCE_VERSION, p.enforce());
        addMode(modes, labels, "audit", PolicyLabels.AUDIT, PolicyLabels.AUDIT_VERSION, p.audit());
        addMode(modes, labels, "warn", PolicyLabels.WARN, PolicyLabels.WARN_VERSION, p.warn());
        r.warn("namespace " + Texts.goQuote(namespace) + " is exempt from Pod Security, and the policy ("
                + String.join(", ", modes) + ") will be ignored");
    }

    private static void addMode(List<String> modes, JsonNode labels, String mode, String levelLabel,
                                String versionLabel, LevelVersion lv) {
        if (lv.level() != Level.PRIVILEGED && (labels.has(levelLabel) || labels.has(versionLabel))) {
            modes.add(mode + "=" + lv);
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Exempt namespaces and users are never evaluated; the audit event says why. */
    private boolean exempt(AdmissionRequest r) {
        if (config.exemptNamespace(r.namespace())) {
            r.annotate(EXEMPT, "namespace");
            return true;
        }
        if (r.user() != null && config.exemptUser(r.user().name())) {
            r.annotate(EXEMPT, "user");
            return true;
        }
        return false;
    }

    /** The namespace's resolved policy; null when the namespace does not exist. */
    private Future<PolicyLabels.Resolved> namespacePolicy(String namespace) {
        return lookup.get("", "namespaces", "", namespace).map(ns -> ns == null ? null : resolve(ns));
    }

    private PolicyLabels.Resolved resolve(ObjectNode namespace) {
        JsonNode labels = namespace.path("metadata").path("labels");
        return PolicyLabels.resolve(labels, config.defaults());
    }
}
