package io.k3j.volume;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.k3j.volume.Objects.json;
import static io.k3j.volume.Objects.pv;
import static io.k3j.volume.Objects.pvc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upstream's matching rules: class, size, access modes, volume mode, selectors, phase, pre-binding, node affinity. */
class VolumeMatcherTest {

    static PersistentVolume v(ObjectNode o) {
        return PersistentVolume.of(o);
    }

    static Optional<String> best(ObjectNode claim, boolean delay, ObjectNode... volumes) throws Exception {
        return VolumeMatcher.findBestMatch(Claim.of(claim), List.of(volumes).stream().map(PersistentVolume::of).toList(), delay)
                .map(PersistentVolume::name);
    }

    @Test
    void theSmallestAvailableVolumeThatIsBigEnoughWins() throws Exception {
        assertThat(best(pvc("c", "5Gi", "", ""), false,
                pv("small", "1Gi", "", ""), pv("big", "100Gi", "", ""), pv("fit", "5Gi", "", ""), pv("mid", "10Gi", "", "")))
                .contains("fit");
        // Quantities compare by value, whatever their suffix: 5G < 5Gi.
        assertThat(best(pvc("c", "5Gi", "", ""), false, pv("decimal", "5G", "", ""))).isEmpty();
        assertThat(best(pvc("c", "5G", "", ""), false, pv("binary", "5Gi", "", ""))).contains("binary");
    }

    @Test
    void classesMustBeEqualAndEmptyIsAClassOfItsOwn() throws Exception {
        assertThat(best(pvc("c", "1Gi", "fast", ""), false, pv("slow", "1Gi", "slow", ""), pv("none", "1Gi", "", ""))).isEmpty();
        assertThat(best(pvc("c", "1Gi", "", ""), false, pv("fast", "1Gi", "fast", ""), pv("none", "2Gi", "", ""))).contains("none");
        // A claim with no class field at all matches class "" volumes too (the default-class admission may add one).
        assertThat(best(pvc("c", "1Gi", null, ""), false, pv("none", "1Gi", "", ""))).contains("none");
        // The beta annotation wins over the field.
        ObjectNode annotated = pvc("c", "1Gi", "", "");
        ((ObjectNode) annotated.get("metadata")).putObject("annotations").put("volume.beta.kubernetes.io/storage-class", "fast");
        assertThat(best(annotated, false, pv("fast", "1Gi", "fast", ""), pv("none", "1Gi", "", ""))).contains("fast");
    }

    @Test
    void accessModesMustBeOfferedAndFewerModesAreSearchedFirst() throws Exception {
        ObjectNode rwx = pvc("c", "1Gi", "", "{'accessModes':['ReadWriteMany']}");
        assertThat(best(rwx, false, pv("rwo", "1Gi", "", ""))).isEmpty();
        // The RWO-only group is searched before the RWO+ROX group even though its volume is bigger.
        assertThat(best(pvc("c", "1Gi", "", ""), false,
                pv("two-modes", "1Gi", "", "{'accessModes':['ReadWriteOnce','ReadOnlyMany']}"), pv("one-mode", "9Gi", "", "")))
                .contains("one-mode");
        assertThat(best(pvc("c", "1Gi", "", "{'accessModes':['ReadWriteOnce','ReadOnlyMany']}"), false,
                pv("one-mode", "1Gi", "", ""), pv("two-modes", "2Gi", "", "{'accessModes':['ReadOnlyMany','ReadWriteOnce']}")))
                .contains("two-modes");
    }

    @Test
    void volumeModePhaseAndDeletionFilter() throws Exception {
        assertThat(best(pvc("c", "1Gi", "", "{'volumeMode':'Block'}"), false, pv("fs", "1Gi", "", ""))).isEmpty();
        assertThat(best(pvc("c", "1Gi", "", "{'volumeMode':'Block'}"), false, pv("blk", "1Gi", "", "{'volumeMode':'Block'}")))
                .contains("blk");
        ObjectNode released = pv("released", "1Gi", "", "");
        ((ObjectNode) released.get("status")).put("phase", "Released");
        ObjectNode deleting = pv("deleting", "1Gi", "", "");
        ((ObjectNode) deleting.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
        assertThat(best(pvc("c", "1Gi", "", ""), false, released, deleting)).isEmpty();
    }

    @Test
    void labelSelectorsWithMatchLabelsAndExpressions() throws Exception {
        ObjectNode gold = pv("gold", "1Gi", "", "");
        ((ObjectNode) gold.get("metadata")).putObject("labels").put("tier", "gold").put("zone", "a");
        ObjectNode silver = pv("silver", "1Gi", "", "");
        ((ObjectNode) silver.get("metadata")).putObject("labels").put("tier", "silver");
        assertThat(best(pvc("c", "1Gi", "", "{'selector':{'matchLabels':{'tier':'silver'}}}"), false, gold, silver))
                .contains("silver");
        assertThat(best(pvc("c", "1Gi", "", "{'selector':{'matchExpressions':[{'key':'zone','operator':'Exists'}]}}"), false,
                gold, silver)).contains("gold");
        assertThat(best(pvc("c", "1Gi", "", "{'selector':{'matchExpressions':[{'key':'tier','operator':'NotIn','values':['gold','silver']}]}}"),
                false, gold, silver)).isEmpty();
        assertThatThrownBy(() -> best(pvc("c", "1Gi", "", "{'selector':{'matchExpressions':[{'key':'tier','operator':'Near'}]}}"),
                false, gold)).isInstanceOf(VolumeMatcher.BadSelector.class)
                .hasMessageContaining("error creating internal label selector for claim: ns/c");
    }

    @Test
    void aVolumePreBoundToTheClaimWinsOverSmallerOnesAndOthersClaimsAreSkipped() throws Exception {
        ObjectNode reserved = pv("reserved", "50Gi", "other-class", "{'claimRef':{'namespace':'ns','name':'c'}}");
        ((ObjectNode) reserved.get("status")).put("phase", "Pending");
        assertThat(best(pvc("c", "1Gi", "", ""), false, pv("small", "1Gi", "", ""), reserved)).contains("reserved");
        ObjectNode someoneElses = pv("taken", "1Gi", "", "{'claimRef':{'namespace':'ns','name':'d','uid':'x'}}");
        assertThat(best(pvc("c", "1Gi", "", ""), false, someoneElses)).isEmpty();
        // Same name, other uid: the claim was re-created; the volume is not this claim's.
        ObjectNode stale = pv("stale", "1Gi", "", "{'claimRef':{'namespace':'ns','name':'c','uid':'old'}}");
        assertThat(best(pvc("c", "1Gi", "", ""), false, stale)).isEmpty();
    }

    @Test
    void onTheControllersPathDelayedBindingTakesOnlyPreBoundVolumes() throws Exception {
        assertThat(best(pvc("c", "1Gi", "local", ""), true, pv("free", "1Gi", "local", ""))).isEmpty();
        assertThat(best(pvc("c", "1Gi", "local", ""), true,
                pv("mine", "1Gi", "local", "{'claimRef':{'namespace':'ns','name':'c','uid':'uid-c'}}"))).contains("mine");
    }

    @Test
    void onTheSchedulersPathNodeAffinityAndExclusionsCount() throws Exception {
        String affinity = "{'nodeAffinity':{'required':{'nodeSelectorTerms':[{'matchExpressions':"
                + "[{'key':'kubernetes.io/hostname','operator':'In','values':['node-1']}]}]}}}";
        List<PersistentVolume> vols = List.of(v(pv("on-1", "1Gi", "local", affinity)), v(pv("bigger-anywhere", "5Gi", "local", "")));
        Claim claim = Claim.of(pvc("c", "1Gi", "local", ""));
        assertThat(VolumeMatcher.findMatchingVolume(claim, vols, Map.of("kubernetes.io/hostname", "node-1"), Set.of(), true))
                .map(PersistentVolume::name).contains("on-1");
        assertThat(VolumeMatcher.findMatchingVolume(claim, vols, Map.of("kubernetes.io/hostname", "node-2"), Set.of(), true))
                .map(PersistentVolume::name).contains("bigger-anywhere");
        assertThat(VolumeMatcher.findMatchingVolume(claim, vols, Map.of("kubernetes.io/hostname", "node-1"), Set.of("on-1"), true))
                .map(PersistentVolume::name).contains("bigger-anywhere");
        // The scheduler checks access modes itself.
        Claim rwx = Claim.of(pvc("c", "1Gi", "local", "{'accessModes':['ReadWriteMany']}"));
        assertThat(VolumeMatcher.findMatchingVolume(rwx, vols, Map.of(), Set.of(), true)).isEmpty();
    }

    @Test
    void nodeAffinityOperators() {
        VolumeNodeAffinity a = VolumeNodeAffinity.of(json("{'spec':{'nodeAffinity':{'required':{'nodeSelectorTerms':["
                + "{'matchExpressions':[{'key':'zone','operator':'In','values':['a','b']},{'key':'disk','operator':'Exists'}]},"
                + "{'matchExpressions':[{'key':'rank','operator':'Gt','values':['5']},{'key':'bad','operator':'DoesNotExist'}]},"
                + "{}]}}}}"));
        assertThat(a.matches(Map.of("zone", "a", "disk", "ssd"))).isTrue();
        assertThat(a.matches(Map.of("zone", "c", "disk", "ssd"))).isFalse();
        assertThat(a.matches(Map.of("rank", "7"))).isTrue();
        assertThat(a.matches(Map.of("rank", "7", "bad", "x"))).isFalse();
        assertThat(a.matches(Map.of("rank", "five"))).isFalse();
        assertThat(a.matches(Map.of())).isFalse(); // an empty term matches nothing
        assertThat(VolumeNodeAffinity.of(json("{'spec':{}}")).matches(Map.of())).isTrue();
    }

    @Test
    void whyARequestedVolumeDoesNotFit() {
        Claim claim = Claim.of(pvc("c", "2Gi", "fast", ""));
        assertThat(VolumeMatcher.checkVolumeSatisfyClaim(v(pv("p", "1Gi", "fast", "")), claim)).contains("requested PV is too small");
        assertThat(VolumeMatcher.checkVolumeSatisfyClaim(v(pv("p", "2Gi", "slow", "")), claim)).contains("storageClassName does not match");
        assertThat(VolumeMatcher.checkVolumeSatisfyClaim(v(pv("p", "2Gi", "fast", "{'volumeMode':'Block'}")), claim))
                .contains("incompatible volumeMode");
        assertThat(VolumeMatcher.checkVolumeSatisfyClaim(v(pv("p", "2Gi", "fast", "{'accessModes':['ReadOnlyMany']}")), claim))
                .contains("incompatible accessMode");
        assertThat(VolumeMatcher.checkVolumeSatisfyClaim(v(pv("p", "3Gi", "fast", "")), claim)).isEmpty();
    }

    @Test
    void theNewestDefaultClassIsTheDefault() {
        ObjectNode old = json("{'metadata':{'name':'old','creationTimestamp':'2026-01-01T00:00:00Z',"
                + "'annotations':{'storageclass.kubernetes.io/is-default-class':'true'}}}");
        ObjectNode recent = json("{'metadata':{'name':'recent','creationTimestamp':'2026-02-01T00:00:00Z',"
                + "'annotations':{'storageclass.beta.kubernetes.io/is-default-class':'true'}}}");
        ObjectNode plain = json("{'metadata':{'name':'plain','creationTimestamp':'2026-03-01T00:00:00Z'}}");
        assertThat(StorageClasses.defaultClass(List.of(old, recent, plain))).map(c -> c.path("metadata").path("name").asText())
                .contains("recent");
        assertThat(StorageClasses.defaultClass(List.of(plain))).isEmpty();
    }
}
