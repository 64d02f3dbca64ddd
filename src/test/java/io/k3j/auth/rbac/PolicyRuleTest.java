package io.k3j.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.rest.Json;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyRuleTest {

    @ParameterizedTest(name = "rule resources {0} vs {1}/{2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "pods|pods||true",
        "pods|pods|log|false",
        "pods/log|pods|log|true",
        "pods/log|pods||false",
        "*|pods|log|true",
        "*|pods||true",
        "*/log|pods|log|true",
        "*/log|pods||false",
        "*/log|nodes|log|true",
        "*/log|pods|logs|false",
        "*/status|pods|log|false",
        "pods/*|pods|log|false",
        "podslog|pods|log|false",
        "pods/logx|pods|log|false",
        "deployments/scale|deployments|scale|true",
    })
    void resourceMatching(String ruleResource, String resource, String sub, boolean expected) {
        PolicyRule r = PolicyRule.verbs("get").groups("").resources(ruleResource);
        assertThat(r.allowsResource("get", "", resource, sub == null ? "" : sub, "")).isEqualTo(expected);
    }

    @Test
    void verbsGroupsAndNames() {
        PolicyRule r = PolicyRule.verbs("get", "update").groups("apps").resources("deployments").names("web");
        assertThat(r.allowsResource("get", "apps", "deployments", "", "web")).isTrue();
        assertThat(r.allowsResource("get", "apps", "deployments", "", "db")).isFalse();
        assertThat(r.allowsResource("get", "apps", "deployments", "", "")).as("no name: list, create").isFalse();
        assertThat(r.allowsResource("delete", "apps", "deployments", "", "web")).isFalse();
        assertThat(r.allowsResource("get", "", "deployments", "", "web")).isFalse();
        PolicyRule any = PolicyRule.verbs("*").groups("*").resources("*");
        assertThat(any.allowsResource("escalate", "rbac.authorization.k8s.io", "roles", "", "")).isTrue();
        assertThat(any.allowsPath("get", "/metrics")).as("resource rules grant no paths").isFalse();
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "/metrics|/metrics|true",
        "/metrics|/metrics/|false",
        "/logs/*|/logs/|true",
        "/logs/*|/logs/a/b|true",
        "/logs/*|/logs|false",
        "/raw**|/raw|true",
        "/raw**|/rawx|true",
        "*|/anything|true",
        "/a*b|/ab|false",
    })
    void nonResourceUrls(String url, String path, boolean expected) {
        assertThat(PolicyRule.verbs("get").urls(url).allowsPath("get", path)).isEqualTo(expected);
        assertThat(PolicyRule.verbs("get").urls(url).allowsPath("post", path)).isFalse();
    }

    @Test
    void builderSortsAndDeduplicatesLikeUpstream() {
        PolicyRule r = PolicyRule.verbs("watch", "get", "list", "get").groups("b", "a").resources("z", "y");
        assertThat(r.verbs()).containsExactly("get", "list", "watch");
        assertThat(r.apiGroups()).containsExactly("a", "b");
        assertThat(r.resources()).containsExactly("y", "z");
    }

    @Test
    void jsonRoundTripOmitsEmptyFields() throws Exception {
        JsonNode json = Json.MAPPER.readTree("{\"verbs\":[\"get\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}");
        PolicyRule r = PolicyRule.fromJson(json);
        assertThat(r).isEqualTo(new PolicyRule(List.of("get"), List.of(""), List.of("pods"), List.of(), List.of()));
        assertThat(r.toJson()).isEqualTo(json);
        assertThat(PolicyRule.listFromJson(Json.MAPPER.readTree("null"))).isEmpty();
    }

    @Test
    void compactStringAsUpstream() {
        assertThat(PolicyRule.verbs("get", "list").groups("").resources("pods").compactString())
                .isEqualTo("{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"get\" \"list\"]}");
        assertThat(PolicyRule.verbs("get").groups("").resources("secrets").names("a\"b").compactString())
                .isEqualTo("{APIGroups:[\"\"], Resources:[\"secrets\"], ResourceNames:[\"a\\\"b\"], Verbs:[\"get\"]}");
        assertThat(PolicyRule.verbs("*").urls("*").compactString()).isEqualTo("{NonResourceURLs:[\"*\"], Verbs:[\"*\"]}");
    }
}
