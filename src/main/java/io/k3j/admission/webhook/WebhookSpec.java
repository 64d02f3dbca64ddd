package io.k3j.admission.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.admission.cel.CelEnvironment;
import io.k3j.admission.cel.CompiledExpression;
import io.k3j.admission.match.RuleWithOperations;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

import java.util.ArrayList;
import java.util.List;

/**
 * One webhook of a Mutating/ValidatingWebhookConfiguration, parsed once per configuration version with upstream's
 * defaults (failurePolicy Fail, timeoutSeconds 10, empty selectors match everything, reinvocationPolicy Never).
 *
 * @param key                 configuration name + index: identifies the webhook across reinvocation rounds
 * @param timeoutSeconds      1..30 (the API validates the range; clamped here all the same)
 * @param sideEffects         None, NoneOnDryRun, Some, Unknown (null when absent)
 * @param matchConditions     CEL expressions by name, evaluated by {@link MatchConditions}
 */
public record WebhookSpec(String configuration, String key, String name, List<RuleWithOperations> rules,
                          boolean failOpen, LabelSelector namespaceSelector, LabelSelector objectSelector,
                          String sideEffects, int timeoutSeconds, ClientConfig clientConfig, boolean reinvokeIfNeeded,
                          List<MatchCondition> matchConditions) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final int MAX_TIMEOUT_SECONDS = 30;

    /** A matchCondition: a named CEL expression, compiled with its configuration, that must be true to call. */
    public record MatchCondition(String name, CompiledExpression expression) {
    }

    /**
     * The webhook's endpoint: a URL, or a Service (namespace, name, path, port 443 by default), and the PEM CA
     * bundle that verifies its certificate (empty = the JVM's trust roots).
     */
    public record ClientConfig(String url, String serviceNamespace, String serviceName, String servicePath,
                               int servicePort, String caBundlePem) {

        public boolean isService() {
            return url == null;
        }
    }

    public boolean sideEffectFreeOnDryRun() {
        return "None".equals(sideEffects) || "NoneOnDryRun".equals(sideEffects);
    }

    /** The webhooks of one configuration object, in order. */
    public static List<WebhookSpec> fromConfiguration(JsonNode config) {
        String cfgName = config.path("metadata").path("name").asText();
        List<WebhookSpec> out = new ArrayList<>();
        int i = 0;
        for (JsonNode w : config.path("webhooks")) {
            out.add(fromJson(cfgName, cfgName + "/" + i++, w));
        }
        return List.copyOf(out);
    }

    static WebhookSpec fromJson(String configuration, String key, JsonNode w) {
        int timeout = w.path("timeoutSeconds").asInt(DEFAULT_TIMEOUT_SECONDS);
        timeout = Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, timeout));
        List<MatchCondition> conditions = new ArrayList<>();
        for (JsonNode c : w.path("matchConditions")) {
            conditions.add(new MatchCondition(c.path("name").asText(),
                    CelEnvironment.ADMISSION.compile(c.path("expression").asText())));
        }
        return new WebhookSpec(configuration, key, w.path("name").asText(),
                RuleWithOperations.listFromJson(w.path("rules")),
                "Ignore".equals(w.path("failurePolicy").asText("Fail")),
                selector(w.path("namespaceSelector")), selector(w.path("objectSelector")),
                w.hasNonNull("sideEffects") ? w.get("sideEffects").asText() : null, timeout,
                clientConfig(w.path("clientConfig")),
                "IfNeeded".equals(w.path("reinvocationPolicy").asText("Never")), List.copyOf(conditions));
    }

    private static ClientConfig clientConfig(JsonNode c) {
        String ca = c.hasNonNull("caBundle") ? decodeBase64(c.get("caBundle").asText()) : "";
        if (c.hasNonNull("url")) {
            return new ClientConfig(c.get("url").asText(), null, null, null, 0, ca);
        }
        JsonNode s = c.path("service");
        return new ClientConfig(null, s.path("namespace").asText(), s.path("name").asText(),
                s.path("path").asText(""), s.path("port").asInt(443), ca);
    }

    private static String decodeBase64(String b64) {
        try {
            return new String(java.util.Base64.getMimeDecoder().decode(b64), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** An absent selector matches everything (the API defaults it to {}); a malformed one matches nothing. */
    private static LabelSelector selector(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return LabelSelector.everything();
        }
        try {
            return LabelSelector.fromJson(node);
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }
}
