package io.k3j.auth.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An audit.k8s.io/v1 Policy: the first rule that matches a request sets its level; no match means None.
 * Stages omitted by the policy and by the matching rule are both omitted.
 */
public record AuditPolicy(List<PolicyRule> rules, Set<AuditStage> omitStages, boolean omitManagedFields) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the policy decided for one request. */
    public record Decision(AuditLevel level, Set<AuditStage> omitStages, boolean omitManagedFields) {
        public boolean records(AuditStage stage) {
            return level != AuditLevel.NONE && !omitStages.contains(stage);
        }
    }

    private static final Decision NONE = new Decision(AuditLevel.NONE, Set.of(), false);

    public AuditPolicy {
        rules = List.copyOf(rules);
        omitStages = Set.copyOf(omitStages);
    }

    /** No rules: nothing is recorded (kube-apiserver's behaviour without --audit-policy-file). */
    public static AuditPolicy empty() {
        return new AuditPolicy(List.of(), Set.of(), false);
    }

    public Decision evaluate(AuditRequest r) {
        for (PolicyRule rule : rules) {
            if (rule.matches(r)) {
                if (rule.level() == AuditLevel.NONE) {
                    return NONE;
                }
                Set<AuditStage> omit = EnumSet.noneOf(AuditStage.class);
                omit.addAll(omitStages);
                omit.addAll(rule.omitStages());
                return new Decision(rule.level(), Set.copyOf(omit),
                        rule.omitManagedFields() != null ? rule.omitManagedFields() : omitManagedFields);
            }
        }
        return NONE;
    }

    /** Reads a policy file (YAML or JSON). Blocking. */
    public static AuditPolicy load(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static AuditPolicy parse(byte[] bytes) throws IOException {
        JsonNode root = YAML.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a Policy object");
        }
        String apiVersion = root.path("apiVersion").asText();
        if (!"Policy".equals(root.path("kind").asText())
                || !(apiVersion.equals("audit.k8s.io/v1") || apiVersion.equals("audit.k8s.io/v1beta1"))) {
            throw new IllegalArgumentException("expected kind Policy, apiVersion audit.k8s.io/v1");
        }
        List<PolicyRule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : root.path("rules")) {
            try {
                rules.add(rule(r));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rules[" + i + "]: " + e.getMessage());
            }
            i++;
        }
        return new AuditPolicy(rules, stages(root.path("omitStages")), root.path("omitManagedFields").asBoolean(false));
    }

    private static PolicyRule rule(JsonNode r) {
        String levelText = r.path("level").asText("");
        AuditLevel level = AuditLevel.parse(levelText).orElseThrow(() -> new IllegalArgumentException(
                "level: Unsupported value: \"" + levelText + "\": supported values: \"None\", \"Metadata\", "
                        + "\"Request\", \"RequestResponse\""));
        List<PolicyRule.GroupResources> resources = new ArrayList<>();
        for (JsonNode gr : r.path("resources")) {
            resources.add(new PolicyRule.GroupResources(gr.path("group").asText(""), strings(gr.path("resources")),
                    strings(gr.path("resourceNames"))));
        }
        JsonNode omf = r.get("omitManagedFields");
        return new PolicyRule(level, strings(r.path("users")), strings(r.path("userGroups")), strings(r.path("verbs")),
                resources, strings(r.path("namespaces")), strings(r.path("nonResourceURLs")), stages(r.path("omitStages")),
                omf == null || omf.isNull() ? null : omf.asBoolean());
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<AuditStage> stages(JsonNode list) {
        Set<AuditStage> out = EnumSet.noneOf(AuditStage.class);
        for (JsonNode n : list) {
            out.add(AuditStage.parse(n.asText()).orElseThrow(() ->
                    new IllegalArgumentException("omitStages: unknown stage \"" + n.asText() + "\"")));
        }
        return out;
    }
}
