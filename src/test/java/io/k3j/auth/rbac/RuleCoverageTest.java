package io.k3j.auth.rbac;

import static io.k3j.auth.rbac.PolicyRule.verbs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cases of upstream's policy comparator (Covers) and rule compaction. */
class RuleCoverageTest {

    @Test
    void exactAndStarCoverage() {
        List<PolicyRule> owner = List.of(verbs("*").groups("*").resources("*"));
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").groups("apps").resources("deployments")))).isTrue();
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").urls("/metrics"))))
                .as("resource stars do not cover URLs").isFalse();
        assertThat(RuleCoverage.covers(List.of(verbs("get").urls("*")), List.of(verbs("get").urls("/metrics")))).isTrue();
    }

    @Test
    void multipleOwnerRulesTogetherCoverOneServantRule() {
        List<PolicyRule> owner = List.of(verbs("get").groups("").resources("pods"), verbs("list").groups("").resources("pods"));
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get", "list").groups("").resources("pods")))).isTrue();
        assertThat(RuleCoverage.uncovered(owner, List.of(verbs("get", "watch").groups("").resources("pods"))))
                .containsExactly(verbs("watch").groups("").resources("pods"));
    }

    @Test
    void subresourceStarCoversEachResourcesSubresource() {
        List<PolicyRule> owner = List.of(verbs("get").groups("").resources("*/status"));
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").groups("").resources("pods/status", "nodes/status")))).isTrue();
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").groups("").resources("pods")))).isFalse();
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").groups("").resources("*/status")))).isTrue();
    }

    @Test
    void resourceNames() {
        List<PolicyRule> named = List.of(verbs("get").groups("").resources("secrets").names("a", "b"));
        assertThat(RuleCoverage.covers(named, List.of(verbs("get").groups("").resources("secrets").names("a")))).isTrue();
        assertThat(RuleCoverage.covers(named, List.of(verbs("get").groups("").resources("secrets").names("c")))).isFalse();
        assertThat(RuleCoverage.covers(named, List.of(verbs("get").groups("").resources("secrets"))))
                .as("a name-restricted rule does not cover every name").isFalse();
        List<PolicyRule> all = List.of(verbs("get").groups("").resources("secrets"));
        assertThat(RuleCoverage.covers(all, List.of(verbs("get").groups("").resources("secrets").names("x")))).isTrue();
    }

    @Test
    void urlPrefixes() {
        List<PolicyRule> owner = List.of(verbs("get").urls("/logs/*"));
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").urls("/logs/a", "/logs/*")))).isTrue();
        assertThat(RuleCoverage.covers(owner, List.of(verbs("get").urls("/logs")))).isFalse();
    }

    @Test
    void breakdownAndCompact() {
        PolicyRule r = verbs("get", "list").groups("", "apps").resources("a").names("x", "y");
        assertThat(RuleCoverage.breakdown(r)).hasSize(8);
        List<PolicyRule> missing = RuleCoverage.uncovered(List.of(), List.of(verbs("get", "list", "watch").groups("").resources("pods"),
                verbs("get").urls("/a", "/b")));
        assertThat(RuleCoverage.compact(missing)).containsExactly(
                verbs("get").urls("/a"), verbs("get").urls("/b"),
                new PolicyRule(List.of("get", "list", "watch"), List.of(""), List.of("pods"), List.of(), List.of()));
    }
}
