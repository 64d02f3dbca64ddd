package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** RBAC, certificates, scheduling, node, admission, aggregation and flow-control kinds. */
final class ClusterPrinters {

    private ClusterPrinters() {
    }

    static Printer roleBinding() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Role", "RoleRef references a Role or ClusterRole."),
                        o -> text(o, "roleRef", "kind") + "/" + text(o, "roleRef", "name")),
                Field.age(),
                Field.of(Column.string("Users", "Users in the binding").wide(), o -> subjects(o, "User")),
                Field.of(Column.string("Groups", "Groups in the binding").wide(), o -> subjects(o, "Group")),
                Field.of(Column.string("ServiceAccounts", "ServiceAccounts in the binding").wide(),
                        o -> subjects(o, "ServiceAccount")));
    }

    static Printer certificateSigningRequest() {
        return Printer.of(Field.name(), Field.age(),
                Field.of(Column.string("SignerName", "The signer the request is addressed to."),
                        o -> Format.orDefault(text(o, "spec", "signerName"), Format.NONE)),
                Field.of(Column.string("Requestor", "The user that created the request."),
                        o -> text(o, "spec", "username")),
                Field.of(Column.string("RequestedDuration", "The validity period asked for the certificate."),
                        o -> Fields.present(o.path("spec").path("expirationSeconds"))
                                ? HumanDuration.format(Duration.ofSeconds(o.path("spec").path("expirationSeconds").asLong()))
                                : Format.NONE),
                Field.of(Column.string("Condition", "Approval state of the request."), ClusterPrinters::csrCondition));
    }

    static Printer priorityClass() {
        return Printer.of(Field.name(),
                Field.of(Column.integer("Value", "The priority of pods of this class."), o -> Fields.integer(o, "value")),
                Field.of(Column.bool("Global-Default", "Whether this is the default class."),
                        o -> Fields.bool(o, "globalDefault")),
                Field.age(),
                // After AGE, and empty when unset: upstream appends it as a "wide" cell with priority 0.
                Field.of(Column.string("PreemptionPolicy", "Whether pods of this class may preempt others."),
                        o -> text(o, "preemptionPolicy")));
    }

    static Printer runtimeClass() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Handler", "The CRI handler of this class."), o -> text(o, "handler")),
                Field.age());
    }

    static Printer webhookConfiguration() {
        return Printer.of(Field.name(),
                Field.of(Column.integer("Webhooks", "Number of webhooks in the configuration."),
                        o -> Fields.size(o, "webhooks")),
                Field.age());
    }

    static Printer validatingAdmissionPolicy() {
        return Printer.of(Field.name(),
                Field.of(Column.integer("Validations", "Number of validations in the policy."),
                        o -> Fields.size(o, "spec", "validations")),
                Field.of(Column.string("ParamKind", "The kind of the policy's parameter resource."),
                        o -> o.path("spec").path("paramKind").isObject()
                                ? text(o, "spec", "paramKind", "apiVersion") + "/" + text(o, "spec", "paramKind", "kind")
                                : Format.UNSET),
                Field.age());
    }

    static Printer validatingAdmissionPolicyBinding() {
        return Printer.of(Field.name(),
                Field.of(Column.string("PolicyName", "The policy this binding binds."), o -> text(o, "spec", "policyName")),
                Field.of(Column.string("ParamRef", "The parameter resource the binding passes."), ClusterPrinters::paramRef),
                Field.age());
    }

    static Printer apiService() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Service", "The service that serves this API version."),
                        o -> o.path("spec").path("service").isObject()
                                ? text(o, "spec", "service", "namespace") + "/" + text(o, "spec", "service", "name")
                                : "Local"),
                Field.of(Column.string("Available", "Whether this service is available."), ClusterPrinters::available),
                Field.age());
    }

    static Printer flowSchema() {
        return Printer.of(Field.name(),
                Field.of(Column.string("PriorityLevel", "Name of the referenced priority level."),
                        o -> text(o, "spec", "priorityLevelConfiguration", "name")),
                Field.of(Column.string("MatchingPrecedence", "Precedence among flow schemas; lower goes first."),
                        o -> Fields.integer(o, "spec", "matchingPrecedence")),
                Field.of(Column.string("DistinguisherMethod", "How flows are told apart."),
                        o -> Format.orDefault(text(o, "spec", "distinguisherMethod", "type"), Format.NONE)),
                Field.age(),
                Field.of(Column.string("MissingPL", "Whether the referenced priority level is missing."),
                        o -> Fields.find(o.path("status").path("conditions"), "type", "Dangling")
                                .map(c -> text(c, "status")).orElse("?")));
    }

    static Printer priorityLevelConfiguration() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Type", "Exempt or Limited."), o -> text(o, "spec", "type")),
                Field.of(Column.string("NominalConcurrencyShares", "Share of the server's concurrency limit."),
                        o -> limited(o, "nominalConcurrencyShares")),
                Field.of(Column.string("Queues", "Number of queues."), o -> queuing(o, "queues")),
                Field.of(Column.string("HandSize", "Queues dealt to each flow."), o -> queuing(o, "handSize")),
                Field.of(Column.string("QueueLengthLimit", "Maximum requests waiting in a queue."),
                        o -> queuing(o, "queueLengthLimit")),
                Field.age());
    }

    // Integers when set, the string <none> otherwise: upstream's cells mix types here too.
    private static Object limited(JsonNode o, String field) {
        JsonNode limited = o.path("spec").path("limited");
        return limited.isObject() ? (Object) limited.path(field).asLong() : Format.NONE;
    }

    private static Object queuing(JsonNode o, String field) {
        JsonNode q = o.path("spec").path("limited").path("limitResponse").path("queuing");
        return q.isObject() ? (Object) q.path(field).asLong() : Format.NONE;
    }

    private static String subjects(JsonNode binding, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : Fields.items(binding, "subjects")) {
            if (kind.equals(text(s, "kind"))) {
                out.add(kind.equals("ServiceAccount") ? text(s, "namespace") + ":" + text(s, "name") : text(s, "name"));
            }
        }
        return String.join(", ", out);
    }

    /** Denied beats Approved beats Pending; Failed and Issued are appended. */
    private static String csrCondition(JsonNode csr) {
        JsonNode conditions = csr.path("status").path("conditions");
        boolean denied = Fields.find(conditions, "type", "Denied").isPresent();
        boolean approved = Fields.find(conditions, "type", "Approved").isPresent();
        boolean failed = Fields.find(conditions, "type", "Failed").isPresent();
        String status = denied ? "Denied" : approved ? "Approved" : "Pending";
        if (failed) {
            status += ",Failed";
        }
        if (!text(csr, "status", "certificate").isEmpty()) {
            status += ",Issued";
        }
        return status;
    }

    private static String available(JsonNode apiService) {
        return Fields.find(apiService.path("status").path("conditions"), "type", "Available").map(c -> {
            String status = text(c, "status");
            String reason = text(c, "reason");
            return !"True".equals(status) && !reason.isEmpty() ? status + " (" + reason + ")" : status;
        }).orElse("Unknown");
    }

    private static String paramRef(JsonNode binding) {
        JsonNode ref = binding.path("spec").path("paramRef");
        if (!ref.isObject()) {
            return Format.UNSET;
        }
        String name = text(ref, "name");
        if (!name.isEmpty()) {
            // Without a namespace the parameter may be cluster-scoped or per-namespace: upstream prints "*/".
            String ns = text(ref, "namespace");
            return (ns.isEmpty() ? "*" : ns) + "/" + name;
        }
        return ref.path("selector").isObject() ? Format.selector(ref.path("selector")) : Format.UNSET;
    }
}
