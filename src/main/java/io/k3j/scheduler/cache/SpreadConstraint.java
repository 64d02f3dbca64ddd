package io.k3j.scheduler.cache;

import io.k3j.api.selector.LabelSelector;

/**
 * A compiled topologySpreadConstraint with upstream's defaults applied: minDomains 1, nodeAffinityPolicy Honor,
 * nodeTaintsPolicy Ignore, and matchLabelKeys folded into the selector as {@code key in (pod's value)}.
 */
public record SpreadConstraint(int maxSkew, String topologyKey, boolean doNotSchedule, LabelSelector selector,
                               int minDomains, boolean honorNodeAffinity, boolean honorNodeTaints) {
}
