package io.k3j.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FitErrorTest {

    @Test
    void histogramOfExplicitAndAbsentNodes() {
        Diagnosis d = new Diagnosis();
        d.set("a", Status.unschedulable("Insufficient cpu", "Insufficient memory").withPlugin("NodeResourcesFit"));
        d.set("b", Status.unschedulable("Insufficient cpu").withPlugin("NodeResourcesFit"));
        d.setAbsentNodesStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]"));
        // Sorted as "count reason" strings: the count comes first.
        assertThat(FitError.message(5, d)).isEqualTo("0/5 nodes are available: 1 Insufficient memory, 2 Insufficient cpu, "
                + "3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
        assertThat(d.unschedulablePlugins()).containsExactly("NodeResourcesFit");
    }

    @Test
    void preFilterMessageReplacesTheHistogramAndPostFilterFollows() {
        Diagnosis d = new Diagnosis();
        d.setAbsentNodesStatus(Status.unresolvable("pod affinity terms conflict"));
        d.setPreFilterMessage("pod affinity terms conflict");
        d.setPostFilterMessage("preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
        assertThat(FitError.message(2, d)).isEqualTo("0/2 nodes are available: pod affinity terms conflict. "
                + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    }

    @Test
    void noReasonsAtAll() {
        assertThat(FitError.message(0, new Diagnosis())).isEqualTo("0/0 nodes are available:");
    }

    @Test
    void preFilterResultsIntersectAndAnEmptyIntersectionNamesThePlugins() {
        var a = new PreFilterResult(java.util.Set.of("n1", "n2"));
        var b = new PreFilterResult(java.util.Set.of("n2", "n3"));
        assertThat(a.merge(b).nodeNames()).containsExactly("n2");
        assertThat(PreFilterResult.ALL.merge(a)).isEqualTo(a);
        assertThat(Framework.goList(new java.util.TreeSet<>(java.util.List.of("B", "A")))).isEqualTo("[A B]");
    }

    @Test
    void defaultNormalize() {
        long[] s = {0, 5, 10};
        ScorePlugin.defaultNormalize(s, false);
        assertThat(s).containsExactly(0, 50, 100);
        long[] r = {0, 5, 10};
        ScorePlugin.defaultNormalize(r, true);
        assertThat(r).containsExactly(100, 50, 0);
        long[] z = {0, 0};
        ScorePlugin.defaultNormalize(z, true);
        assertThat(z).containsExactly(100, 100);
    }
}
